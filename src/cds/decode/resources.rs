//! `patient-view`'s prefetch read straight from the body into FHIR resources, with no JSON tree
//! in between. It accepts only what [`parse_resource`](crate::cds::fhir::parse_resource) accepts
//! and reads it the same way (the typed resources are the same derives), and refuses anything
//! unusual (a `resourceType` that is not an object's first key, a bundle entry that is not an
//! object, …) so that the slow path, which reports every problem, answers it.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::unique::Key;
use crate::cds::fhir::{Bundle, BundleEntry, MAX_BUNDLE_ENTRIES, Resource};
use crate::cds::prefetch::{self, Prefetched};

/// The prefetch of a `patient-view` call, read: the values of its template keys (others are
/// skipped, as the slow path ignores them).
#[derive(Debug, Clone, Default)]
pub(crate) struct PatientViewPrefetch(pub Prefetched);

impl<'de> Deserialize<'de> for PatientViewPrefetch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(PrefetchVisitor)
    }
}

struct PrefetchVisitor;

impl<'de> Visitor<'de> for PrefetchVisitor {
    type Value = PatientViewPrefetch;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a prefetch object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut read = Prefetched::new();
        while let Some(key) = map.next_key_seed(Key)? {
            match prefetch::PATIENT_VIEW.iter().find(|t| t.key == key) {
                Some(t) => {
                    read.insert(t.key, map.next_value_seed(Optional)?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(PatientViewPrefetch(read))
    }
}

/// A resource or `null` ("no data").
struct Optional;

impl<'de> DeserializeSeed<'de> for Optional {
    type Value = Option<Resource>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Optional {
    type Value = Option<Resource>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FHIR resource or null")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(ResourceVisitor).map(Some)
    }
}

/// One resource, dispatched on its `resourceType`, which must come first.
struct ResourceVisitor;

impl<'de> Visitor<'de> for ResourceVisitor {
    type Value = Resource;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FHIR resource")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Resource, A::Error> {
        if map.next_key_seed(Key)?.as_deref() != Some("resourceType") {
            return Err(A::Error::custom("resourceType is not the first key"));
        }
        let kind: Cow<'de, str> = map.next_value_seed(Key)?;
        // The schema's bound, as `parse_resource` checks it.
        if kind.chars().count() > 64 {
            return Err(A::Error::custom("resourceType is too long"));
        }
        let typed = MapAccessDeserializer::new;
        match &*kind {
            "Patient" => Deserialize::deserialize(typed(map)).map(Resource::Patient),
            "Condition" => Deserialize::deserialize(typed(map)).map(Resource::Condition),
            "Observation" => Deserialize::deserialize(typed(map)).map(Resource::Observation),
            "MedicationRequest" => {
                Deserialize::deserialize(typed(map)).map(Resource::MedicationRequest)
            }
            "MedicationStatement" => {
                Deserialize::deserialize(typed(map)).map(Resource::MedicationStatement)
            }
            "Medication" => Deserialize::deserialize(typed(map)).map(Resource::Medication),
            "Bundle" => bundle(map),
            _ => {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Resource::Other)
            }
        }
    }
}

/// The rest of a bundle: its entries (absent or `null`: none), each an object whose
/// `resource` is read as a resource.
fn bundle<'de, A: MapAccess<'de>>(mut map: A) -> Result<Resource, A::Error> {
    let mut entry = Vec::new();
    while let Some(key) = map.next_key_seed(Key)? {
        if key == "entry" {
            entry = map.next_value_seed(Entries)?;
        } else {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(Resource::Bundle(Bundle { entry }))
}

/// `Bundle.entry`: `null` or a list of at most [`MAX_BUNDLE_ENTRIES`] objects.
struct Entries;

impl<'de> DeserializeSeed<'de> for Entries {
    type Value = Vec<BundleEntry>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<BundleEntry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of bundle entries")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = seq.next_element_seed(Entry)? {
            if entries.len() == MAX_BUNDLE_ENTRIES {
                return Err(A::Error::custom("too many entries"));
            }
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// One `Bundle.entry` object.
struct Entry;

impl<'de> DeserializeSeed<'de> for Entry {
    type Value = BundleEntry;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Entry {
    type Value = BundleEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a bundle entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut resource = None;
        while let Some(key) = map.next_key_seed(Key)? {
            if key == "resource" {
                resource = map.next_value_seed(Optional)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(BundleEntry { resource })
    }
}
