//! Pregnancy evidence from the record: conditions (ICD-10-CM Z33.1, Z3A, Z34, O09; SNOMED CT
//! pregnant / not pregnant) and observations (LOINC pregnancy status, gestational age, due
//! date), each dated, for [`super::pregnancy::conclude`] to weigh.

use super::pregnancy::{self, Conclusion, Evidence, Finding};
use super::{Records, current_coded_conditions, rows_for, system_name};
use crate::cds::codes::Target;
use crate::cds::dates::Date;
use crate::cds::fhir::Observation;
use crate::domain::PregnancyStage;

/// What the record says about pregnancy as of `today`, from conditions and observations.
pub(crate) fn pregnancy(records: &Records, today: Date) -> Option<Conclusion> {
    let mut evidence: Vec<Evidence> = Vec::new();
    for (condition, code) in current_coded_conditions(records) {
        let date = condition
            .recorded_date
            .as_deref()
            .or(condition.onset_date_time.as_deref())
            .and_then(Date::parse_fhir)
            .map(|(d, _)| d);
        for (row, coded) in rows_for(code) {
            let finding = match row.maps_to {
                Target::Pregnant => Finding::Pregnant,
                Target::NotPregnant => Finding::NotPregnant,
                Target::PregnantTrimesterInLastDigit => match coded.chars().last() {
                    Some('1') => Finding::Trimester(PregnancyStage::Trimester1),
                    Some('2') => Finding::Trimester(PregnancyStage::Trimester2),
                    Some('3') => Finding::Trimester(PregnancyStage::Trimester3),
                    _ => Finding::Pregnant,
                },
                Target::GestationalWeeksInCode => weeks_in_code(coded),
                _ => continue,
            };
            // Only for pregnancy codes: most of a record's conditions are not.
            let from = format!(
                "Condition {} {} ({})",
                coded,
                row.display,
                system_name(&row.system)
            );
            evidence.push(Evidence {
                date,
                finding,
                from,
            });
        }
    }
    for observation in records.observations.iter().filter(|o| is_usable(o)) {
        evidence.extend(observation_evidence(observation, today));
    }
    pregnancy::conclude(&evidence, today)
}

fn is_usable(observation: &Observation) -> bool {
    !matches!(
        observation.status.as_deref(),
        Some("cancelled" | "entered-in-error")
    )
}

/// Z3A.nn: nn completed weeks (Z3A.01 is "under 8 weeks", Z3A.49 "over 42 weeks").
fn weeks_in_code(code: &str) -> Finding {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    match digits
        .get(digits.len().saturating_sub(2)..)
        .and_then(|d| d.parse::<u32>().ok())
    {
        Some(1) => Finding::Trimester(PregnancyStage::Trimester1),
        Some(49) => Finding::Trimester(PregnancyStage::Trimester3),
        Some(w @ 8..=42) => Finding::Weeks(w),
        _ => Finding::Pregnant,
    }
}

fn observation_evidence(observation: &Observation, today: Date) -> Vec<Evidence> {
    let date = observation
        .effective_date_time
        .as_deref()
        .or(observation.issued.as_deref())
        .and_then(Date::parse_fhir)
        .map(|(d, _)| d);
    let mut out = Vec::new();
    for (row, coded) in rows_for(&observation.code) {
        let from = format!(
            "Observation {} {} ({})",
            coded,
            row.display,
            system_name(&row.system)
        );
        match row.maps_to {
            Target::PregnancyStatusObservation => {
                let values = observation.value_codeable_concept.iter().flat_map(rows_for);
                for (value, value_code) in values {
                    let finding = match value.maps_to {
                        Target::Pregnant => Finding::Pregnant,
                        Target::NotPregnant => Finding::NotPregnant,
                        _ => continue,
                    };
                    let from = format!("{from}: {} {}", value_code, value.display);
                    out.push(Evidence {
                        date,
                        finding,
                        from,
                    });
                }
            }
            Target::GestationalAgeObservation => {
                let Some(q) = &observation.value_quantity else {
                    continue;
                };
                let in_days = q.code.as_deref() == Some("d");
                let weeks = q.value.map(|v| if in_days { v / 7.0 } else { v });
                if let Some(w) = weeks.filter(|w| (0.0..=45.0).contains(w)) {
                    // Whole weeks completed; the cast is exact after `floor` within 0–45.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let whole = w.floor() as u32;
                    out.push(Evidence {
                        date,
                        finding: Finding::Weeks(whole),
                        from: format!("{from}: {whole} weeks"),
                    });
                }
            }
            Target::DeliveryDateObservation => {
                let due = observation
                    .value_date_time
                    .as_deref()
                    .and_then(Date::parse_fhir);
                if let Some(weeks) = due.and_then(|(d, _)| pregnancy::weeks_from_due_date(d, today))
                {
                    // Computed for today, so it is dated today.
                    out.push(Evidence {
                        date: Some(today),
                        finding: Finding::Weeks(weeks),
                        from: format!(
                            "{from}: due {}",
                            due.map(|(d, _)| d.to_string()).unwrap_or_default()
                        ),
                    });
                }
            }
            _ => {}
        }
    }
    out
}
