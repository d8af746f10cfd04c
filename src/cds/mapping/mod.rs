//! FHIR records → the engine's [`Profile`], through the code table. Pure: the request date is
//! passed in. Every profile item remembers the record entry it came from, so a card can say
//! "from the record: Condition N18.3 …" next to each conclusion.

mod evidence;
mod medicines;
pub(crate) mod pregnancy;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use super::codes::{self, Side, Target};
use super::dates::Date;
use super::fhir::{CodeableConcept, Condition, Medication, MedicationUse, Observation, Patient};
use crate::domain::{Field, Profile, ProfileDraft, ProfileError, Symptom, normalise_medicine_name};
use crate::engine::Pointer;
use crate::knowledge::KnowledgeBase;

pub(crate) use evidence::pregnancy;
pub(crate) use medicines::{medicine_concept, medicine_name};

/// The records one hook call provides. `None` lists were not available at all (as opposed to
/// available and empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Records {
    /// The patient.
    pub patient: Option<Patient>,
    /// Conditions (problem list, diagnoses, coded symptoms).
    pub conditions: Option<Vec<Condition>>,
    /// Medication requests and statements.
    pub medications: Option<Vec<(&'static str, MedicationUse)>>,
    /// Observations (pregnancy status, gestational age, due date).
    pub observations: Vec<Observation>,
    /// `Medication` resources that medication uses may reference.
    pub medication_definitions: Vec<Medication>,
}

/// A profile built from records, with the record entry behind each item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mapped {
    /// The profile.
    pub profile: Profile,
    /// Whether the record shows leg cramps at all (the patient-view service is silent if not).
    pub shows_cramps: bool,
    /// Place in the profile (as the engine reports it) → the record entry behind it.
    pub provenance: BTreeMap<Pointer, String>,
}

/// Why no profile can be built.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unmappable {
    /// No patient resource, or no usable birth date.
    NoBirthDate,
    /// Age outside the 1–120 years the engine covers.
    AgeOutOfRange(i64),
    /// The mapped answers broke another of the profile's rules (a bug in the mapping: the
    /// mapping keeps to every limit itself).
    Invalid(Vec<ProfileError>),
}

/// The most distinct medicines taken from a record: the same limit as a `/v1` profile.
pub(crate) const MAX_MEDICINES: usize = match Field::Medications.max_items() {
    Some(max) => max,
    None => 0,
};

/// Builds the profile as of `today`.
///
/// # Errors
/// [`Unmappable`] when the age cannot be known or is outside the engine's range, or (a bug)
/// the mapped answers do not parse.
pub(crate) fn map_records(
    records: &Records,
    today: Date,
    kb: &KnowledgeBase,
) -> Result<Mapped, Unmappable> {
    let birth = records
        .patient
        .as_ref()
        .and_then(|p| p.birth_date.as_deref())
        .and_then(Date::parse_fhir)
        .ok_or(Unmappable::NoBirthDate)?;
    let years = birth.0.years_until(today);
    let mut profile = ProfileDraft::with_age(years);
    let mut provenance = BTreeMap::new();
    provenance.insert(
        Pointer::Field(Field::Age),
        format!("Patient.birthDate (age {years} on {today})"),
    );

    let mut shows_cramps = false;
    let mut swollen: BTreeMap<Side, String> = BTreeMap::new();
    for (_, code) in current_coded_conditions(records) {
        for (row, coded) in rows_for(code) {
            let from = format!(
                "Condition {} {} ({})",
                coded,
                row.display,
                system_name(&row.system)
            );
            match &row.maps_to {
                Target::Cramps => shows_cramps = true,
                Target::Condition { condition } => {
                    push_unique(
                        &mut profile.conditions,
                        *condition,
                        Field::Conditions,
                        from,
                        &mut provenance,
                    );
                }
                Target::Deficiency { deficiency } => push_unique(
                    &mut profile.known_deficiencies,
                    *deficiency,
                    Field::KnownDeficiencies,
                    from,
                    &mut provenance,
                ),
                Target::LimbSwelling { side } => {
                    swollen.entry(*side).or_insert(from);
                }
                Target::Sign { symptom } => push_unique(
                    &mut profile.symptoms,
                    *symptom,
                    Field::Symptoms,
                    format!(
                        "{from}; read as {}, the warning sign it stands for",
                        symptom.as_str()
                    ),
                    &mut provenance,
                ),
                Target::Pregnant
                | Target::NotPregnant
                | Target::PregnantTrimesterInLastDigit
                | Target::GestationalWeeksInCode
                | Target::PregnancyStatusObservation
                | Target::GestationalAgeObservation
                | Target::DeliveryDateObservation
                | Target::Medicine { .. } => {}
            }
        }
    }
    // One side only: both sides swollen is not the one-sided sign of a clot.
    if swollen.len() == 1
        && let Some((_, from)) = swollen.into_iter().next()
    {
        push_unique(
            &mut profile.symptoms,
            Symptom::OneSidedCalfSwelling,
            Field::Symptoms,
            format!("{from}; read as one-sided calf swelling"),
            &mut provenance,
        );
    }
    if let Some(conclusion) = pregnancy(records, today) {
        profile.pregnancy = Some(conclusion.stage);
        provenance.insert(Pointer::Field(Field::Pregnancy), conclusion.from);
    }

    if let Some(uses) = &records.medications {
        let mut seen = BTreeSet::new();
        for (kind, used) in uses.iter().filter(|(_, m)| is_in_use(m)) {
            let Some(concept) = medicine_concept(used, &records.medication_definitions) else {
                continue;
            };
            let Some((name, coded)) = medicine_name(concept, kb) else {
                continue;
            };
            // The same bound as a /v1 profile: at most MAX_MEDICINES distinct medicines, in
            // record order, so one call cannot make the engine and the cards grow without end.
            if profile.medications.len() >= MAX_MEDICINES {
                break;
            }
            if seen.insert(normalise_medicine_name(&name)) {
                provenance.insert(
                    Pointer::Item(Field::Medications, profile.medications.len()),
                    format!("{kind} {name}{coded}"),
                );
                profile.medications.push(name);
            }
        }
    }
    profile.answered.medications = records.medications.is_some();
    profile.answered.conditions = records.conditions.is_some();
    // The same parse as a /v1 profile: what the engine sees from a record obeys the same rules.
    let profile = Profile::parse(profile).map_err(|errors| {
        if errors.iter().any(|e| e.at().0 == Field::Age) {
            Unmappable::AgeOutOfRange(years)
        } else {
            Unmappable::Invalid(errors)
        }
    })?;
    Ok(Mapped {
        profile,
        shows_cramps,
        provenance,
    })
}

/// Whether the record's current conditions show leg cramps, whatever else can be read from it
/// (the patient-view service speaks only when they do, even if the age cannot be known).
pub(crate) fn shows_cramps(records: &Records) -> bool {
    current_coded_conditions(records)
        .flat_map(|(_, code)| rows_for(code))
        .any(|(row, _)| row.maps_to == Target::Cramps)
}

/// Every table row matching any of the concept's codings, with the code as the record has it.
fn rows_for(concept: &CodeableConcept) -> impl Iterator<Item = (&'static codes::CodeRow, &str)> {
    let table = codes::table();
    concept
        .coding
        .iter()
        .filter_map(|c| Some((c.system.as_deref()?, c.code.as_deref()?)))
        .flat_map(move |(system, code)| {
            table
                .lookup(system, code)
                .map(move |row| (row, code.trim()))
        })
}

fn system_name(system: &str) -> &'static str {
    match system {
        codes::ICD10CM => "ICD-10-CM",
        codes::SNOMED => "SNOMED CT",
        codes::LOINC => "LOINC",
        codes::RXNORM => "RxNorm",
        _ => "coded",
    }
}

fn push_unique<T: PartialEq>(
    list: &mut Vec<T>,
    item: T,
    field: Field,
    from: String,
    provenance: &mut BTreeMap<Pointer, String>,
) {
    // Within the same list limits as a /v1 profile (a record rarely comes near them).
    let room = field.max_items().is_none_or(|max| list.len() < max);
    if room && !list.contains(&item) {
        provenance.insert(Pointer::Item(field, list.len()), from);
        list.push(item);
    }
}

/// Active (or relapsed) and not refuted. Absent statuses count: many EHRs omit them on the
/// problem list, and a prefetch query already asked for active conditions.
/// The record's current conditions (see [`is_current`]) that carry a code, with it.
fn current_coded_conditions(
    records: &Records,
) -> impl Iterator<Item = (&Condition, &CodeableConcept)> {
    records
        .conditions
        .iter()
        .flatten()
        .filter(|c| is_current(c))
        .filter_map(|c| c.code.as_ref().map(|code| (c, code)))
}

fn is_current(condition: &Condition) -> bool {
    let active = condition
        .clinical_status
        .as_ref()
        .is_none_or(|s| s.has_code_in(&["active", "recurrence", "relapse"]));
    let refuted = condition
        .verification_status
        .as_ref()
        .is_some_and(|s| s.has_code_in(&["refuted", "entered-in-error"]));
    active && !refuted
}

fn is_in_use(used: &MedicationUse) -> bool {
    matches!(used.status.as_deref(), None | Some("active" | "on-hold"))
}
