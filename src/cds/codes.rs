//! The code table (`data/codes.toml`): which ICD-10-CM, SNOMED CT, LOINC and RxNorm codes the
//! services understand, what each sets in a profile, and where each was checked. Compiled into
//! the binary; a unit test parses and cross-checks it, so a broken row fails `cargo test`.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::domain::{Deficiency, MedicalCondition, Symptom};

/// ICD-10-CM, as FHIR names it.
pub(crate) const ICD10CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
/// SNOMED CT.
pub(crate) const SNOMED: &str = "http://snomed.info/sct";
/// LOINC.
pub(crate) const LOINC: &str = "http://loinc.org";
/// RxNorm.
pub(crate) const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";

const CODES_TOML: &str = include_str!("data/codes.toml");

/// How a row's code is compared with a record's code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MatchKind {
    /// The same code.
    #[default]
    Exact,
    /// Any code that starts with this one (a whole ICD-10-CM category).
    Prefix,
}

/// A side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Side {
    /// Left.
    Left,
    /// Right.
    Right,
}

/// What a code means for the profile.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Target {
    /// The record shows leg cramps.
    Cramps,
    /// A diagnosed condition.
    Condition {
        /// The profile's condition.
        condition: MedicalCondition,
    },
    /// Swelling of one lower limb (the possible-DVT red flag).
    LimbSwelling {
        /// Which limb.
        side: Side,
    },
    /// A diagnosis that is itself what a red-flag symptom warns of (an acute clot in a leg vein
    /// or the lungs, an arterial blockage in a leg, muscle breakdown, a low platelet count):
    /// read as that symptom, so the same red flag is raised and the remedies it rules out
    /// (massage and heat over a clot) are withheld, as for a person who reports it.
    Sign {
        /// The profile's symptom that raises the matching red flag.
        symptom: Symptom,
    },
    /// A clinician-diagnosed deficiency.
    Deficiency {
        /// The profile's deficiency.
        deficiency: Deficiency,
    },
    /// Pregnant, trimester not stated.
    Pregnant,
    /// Not pregnant.
    NotPregnant,
    /// Pregnant; the code's last character is the trimester.
    PregnantTrimesterInLastDigit,
    /// Pregnant; the code's last two digits are the weeks of gestation.
    GestationalWeeksInCode,
    /// An Observation whose coded value says pregnant or not.
    PregnancyStatusObservation,
    /// An Observation whose quantity is the gestational age in weeks.
    GestationalAgeObservation,
    /// An Observation whose date-time is the estimated delivery date.
    DeliveryDateObservation,
    /// A medicine, by its name in our medicine index.
    Medicine {
        /// The generic name.
        name: String,
    },
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CodeRow {
    /// Code-system URI.
    pub system: String,
    /// The code (a prefix when `match` is `prefix`).
    pub code: String,
    /// Exact or prefix.
    #[serde(default, rename = "match")]
    pub match_kind: MatchKind,
    /// The code system's own name for the code.
    pub display: String,
    /// What it sets in the profile.
    pub maps_to: Target,
    /// Where the code was checked.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeFile {
    code: Vec<CodeRow>,
}

/// The parsed table.
#[derive(Debug)]
pub(crate) struct CodeTable {
    rows: Vec<CodeRow>,
    /// Each row's code, normalised ([`normalise`]) once at load: looking a code up is then a
    /// comparison per row, with no string built.
    normalised: Vec<String>,
    /// The table's distinct code systems, and each row's place among them: a lookup finds the
    /// record's system once, then tells rows apart by a number rather than by comparing long
    /// URIs row after row.
    systems: Vec<String>,
    system_of: Vec<usize>,
}

static TABLE: LazyLock<CodeTable> = LazyLock::new(|| {
    CodeTable::parse(CODES_TOML).expect("src/cds/data/codes.toml is valid (checked by a unit test)")
});

/// The compiled-in table.
pub(crate) fn table() -> &'static CodeTable {
    &TABLE
}

impl CodeTable {
    /// Parses a table from TOML.
    ///
    /// # Errors
    /// The TOML error, naming the row.
    pub(crate) fn parse(text: &str) -> Result<Self, toml::de::Error> {
        let file: CodeFile = toml::from_str(text)?;
        let normalised = file
            .code
            .iter()
            .map(|row| normalise(&row.system, &row.code).into_owned())
            .collect();
        let mut systems: Vec<String> = Vec::new();
        let system_of = file
            .code
            .iter()
            .map(|row| {
                systems
                    .iter()
                    .position(|s| *s == row.system)
                    .unwrap_or_else(|| {
                        systems.push(row.system.clone());
                        systems.len() - 1
                    })
            })
            .collect();
        Ok(Self {
            rows: file.code,
            normalised,
            systems,
            system_of,
        })
    }

    /// Every row, in file order.
    #[cfg(test)]
    pub(crate) fn rows(&self) -> &[CodeRow] {
        &self.rows
    }

    /// The rows that match a record's `system` and `code`, in file order.
    pub(crate) fn lookup<'t>(
        &'t self,
        system: &str,
        code: &str,
    ) -> impl Iterator<Item = &'t CodeRow> {
        let wanted = normalise(system, code);
        // A system the table does not have matches no row (`usize::MAX` is no row's).
        let system = self
            .systems
            .iter()
            .position(|s| s == system.trim())
            .unwrap_or(usize::MAX);
        self.rows
            .iter()
            .zip(&self.normalised)
            .zip(&self.system_of)
            .filter(move |((row, own), of)| {
                **of == system
                    && match row.match_kind {
                        MatchKind::Exact => **own == *wanted,
                        MatchKind::Prefix => wanted.starts_with(own.as_str()),
                    }
            })
            .map(|((row, _), _)| row)
    }
}

/// ICD-10-CM codes arrive with or without the dot and in either case; other systems are
/// compared as sent (trimmed, so borrowed).
pub(crate) fn normalise<'c>(system: &str, code: &'c str) -> std::borrow::Cow<'c, str> {
    let code = code.trim();
    if system.trim() == ICD10CM {
        std::borrow::Cow::Owned(
            code.chars()
                .filter(|c| *c != '.')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::KnowledgeBase;

    #[test]
    fn the_embedded_table_parses_and_every_row_is_sourced_and_unique() {
        let table = CodeTable::parse(CODES_TOML).expect("codes.toml parses");
        assert!(table.rows().len() >= 40, "the table has its rows");
        let mut seen = std::collections::HashSet::new();
        for row in table.rows() {
            let key = (
                row.system.clone(),
                normalise(&row.system, &row.code).into_owned(),
            );
            assert!(
                seen.insert(key),
                "{} {} is listed twice",
                row.system,
                row.code
            );
            assert!(row.source.trim().len() > 4, "{} has a source", row.code);
            assert!(!row.display.trim().is_empty(), "{} has a display", row.code);
            assert!(
                [ICD10CM, SNOMED, LOINC, RXNORM].contains(&row.system.as_str()),
                "{} uses a known system",
                row.code
            );
        }
    }

    #[test]
    fn codes_have_the_shape_of_their_code_system() {
        for row in table().rows() {
            let c = row.code.as_str();
            let ok = match row.system.as_str() {
                ICD10CM => {
                    let mut chars = c.chars();
                    chars.next().is_some_and(|f| f.is_ascii_uppercase())
                        && c.len() >= 3
                        && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '.')
                }
                SNOMED | RXNORM => c.bytes().all(|b| b.is_ascii_digit()),
                LOINC => c.split_once('-').is_some_and(|(n, check)| {
                    n.bytes().all(|b| b.is_ascii_digit()) && check.len() == 1
                }),
                _ => false,
            };
            assert!(ok, "{} {c} looks like a code of its system", row.system);
            if row.match_kind == MatchKind::Prefix {
                assert_eq!(
                    row.system, ICD10CM,
                    "only ICD-10-CM categories match by prefix"
                );
            }
        }
    }

    #[test]
    fn every_medicine_row_names_a_medicine_the_index_recognises() {
        let kb = KnowledgeBase::embedded().unwrap();
        for row in table().rows() {
            if let Target::Medicine { name } = &row.maps_to {
                assert!(
                    kb.match_medicine(name).is_some(),
                    "RxNorm {} maps to {name}, which the medicine index does not know",
                    row.code
                );
                assert_eq!(row.system, RXNORM);
            }
        }
    }

    #[test]
    fn lookup_ignores_the_icd_dot_and_case_and_matches_whole_categories() {
        let t = table();
        let targets = |system: &str, code: &str| -> Vec<Target> {
            t.lookup(system, code).map(|r| r.maps_to.clone()).collect()
        };
        assert_eq!(targets(ICD10CM, "g4762"), vec![Target::Cramps]);
        assert_eq!(
            targets(ICD10CM, "N18.30"),
            vec![Target::Condition {
                condition: MedicalCondition::ChronicKidneyDisease
            }]
        );
        assert_eq!(
            targets(ICD10CM, "E11.42"),
            vec![
                Target::Condition {
                    condition: MedicalCondition::Diabetes
                },
                Target::Condition {
                    condition: MedicalCondition::PeripheralNeuropathy
                },
            ]
        );
        assert!(
            targets(ICD10CM, "N17.9").is_empty(),
            "acute kidney failure is not CKD"
        );
        assert!(
            targets(SNOMED, "G47.62").is_empty(),
            "the system must match too"
        );
        assert!(
            targets(RXNORM, "9068").is_empty(),
            "quinidine is not quinine"
        );
    }
}
