//! The follow-up request: the profile (the assessment's own schema), the steps the person took
//! up, and the diary; and the one parse that checks them all, reporting every problem with
//! its pointer. Today's date comes from the handler (with a day's allowance for time zones).

use serde::Deserialize;
use utoipa::ToSchema;

use super::super::profile::{ProfileRequest, field_error};
use crate::domain::{self, Day, Profile};
use crate::engine::follow_up::{AdoptedStep, DiaryEntry, FollowUpInput, MAX_DIARY_ENTRIES};
use crate::http::error::quote;
use crate::http::{ApiError, FieldError};
use crate::knowledge::KnowledgeBase;

/// The most adopted steps (there are fewer remedies with a plan step than this).
pub(crate) const MAX_ADOPTED: usize = 30;
/// The most cramps one night may record.
pub(crate) const MAX_CRAMPS: i64 = 50;
/// The longest cramp, in minutes (as the profile's usual cramp length).
pub(crate) const MAX_MINUTES: f64 = 1440.0;
/// Days after today a diary date may be, for time zones ahead of the server's.
pub(crate) const FUTURE_ALLOWANCE_DAYS: i64 = 1;

/// The length of a remedy id as sent, in characters (the schema's `minLength`, `maxLength`).
pub(crate) const REMEDY_ID_CHARS: (usize, usize) = (1, 100);

/// A remedy id as sent (see `GET /v1/remedies`); one that names no remedy is a 422.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(min_length = 1, max_length = 100, example = "bedtime_stretching")]
pub(crate) struct RemedyIdText(pub String);

/// A follow-up: the profile, the adopted steps and the diary. Unknown fields are rejected.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FollowUpRequest {
    /// The person's profile, as for `POST /v1/assessments`.
    pub profile: ProfileRequest,
    /// The plan steps the person took up, each once, with the day each began.
    #[serde(default)]
    #[schema(max_items = 30)]
    pub adopted: Vec<AdoptedRequest>,
    /// Up to 180 nights, in any order, each date once and none in the future (a day's
    /// allowance for time zones). Gaps are allowed and reported as `coverage`.
    #[schema(max_items = 180)]
    pub diary: Vec<DiaryRequest>,
}

/// A plan step the person took up.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdoptedRequest {
    /// The remedy id of the step (see `GET /v1/remedies`).
    #[schema(min_length = 1, max_length = 100, example = "bedtime_stretching")]
    pub remedy_id: String,
    /// The day it began (`YYYY-MM-DD`, not in the future).
    #[schema(format = Date, min_length = 10, max_length = 10, example = "2026-10-01")]
    pub started: String,
}

/// One night of the diary.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DiaryRequest {
    /// The day the night began (`YYYY-MM-DD`, not in the future).
    #[schema(format = Date, min_length = 10, max_length = 10, example = "2026-10-14")]
    pub date: String,
    /// Cramps that night (a whole number; `1.0` counts as 1, as JSON Schema says).
    #[serde(deserialize_with = "super::super::profile::whole_number")]
    #[schema(value_type = i32, minimum = 0, maximum = 50, example = 1)]
    pub cramps: i64,
    /// The longest cramp, in minutes. Over 10 minutes is a warning sign, as in the profile.
    #[schema(minimum = 0, maximum = 1440, example = 2)]
    pub longest_minutes: Option<f64>,
    /// Woken by a cramp.
    #[schema(example = true)]
    pub woke: Option<bool>,
    /// Adopted steps done that day (remedy ids), each once; only steps taken up by then.
    #[serde(default)]
    #[schema(max_items = 30, example = json!(["bedtime_stretching"]))]
    #[schema(value_type = Vec<RemedyIdText>)]
    pub steps_done: Vec<String>,
    /// Symptoms new since the profile (the profile's vocabulary), each once.
    #[serde(default)]
    #[schema(max_items = 21, example = json!([]))]
    #[schema(value_type = std::collections::BTreeSet<domain::Symptom>)]
    pub new_symptoms: Vec<domain::Symptom>,
}

/// Checks a request against the knowledge base and today's date.
///
/// # Errors
/// [`ApiError::Validation`] with one entry per problem, each with its pointer.
pub(crate) fn parse(
    request: FollowUpRequest,
    kb: &KnowledgeBase,
    today: Day,
) -> Result<(Profile, FollowUpInput), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let profile = match super::super::profile::parse_draft(request.profile) {
        Ok(p) => Some(p),
        Err(problems) => {
            errors.extend(problems.iter().map(|e| {
                let f = field_error(e);
                FieldError::new(format!("/profile{}", f.pointer), &f.code, f.message)
            }));
            None
        }
    };
    let latest = today.plus(FUTURE_ALLOWANCE_DAYS);
    let date = |pointer: String, text: &str, errors: &mut Vec<FieldError>| match Day::parse(text) {
        None => {
            errors.push(FieldError::new(
                pointer,
                "invalid",
                "must be a date, YYYY-MM-DD",
            ));
            None
        }
        Some(d) if d > latest => {
            errors.push(FieldError::new(pointer, "invalid", "is in the future"));
            None
        }
        Some(d) => Some(d),
    };
    let mut adopted: Vec<AdoptedStep> = Vec::new();
    if request.adopted.len() > MAX_ADOPTED {
        errors.push(FieldError::new(
            "/adopted",
            "too_many_items",
            format!("at most {MAX_ADOPTED} steps"),
        ));
    }
    for (i, a) in request.adopted.iter().take(MAX_ADOPTED).enumerate() {
        let started = date(format!("/adopted/{i}/started"), &a.started, &mut errors);
        if let Some(error) = remedy_id_error(format!("/adopted/{i}/remedy_id"), &a.remedy_id, kb) {
            errors.push(error);
        } else if adopted.iter().any(|s| s.remedy_id == a.remedy_id)
            || request.adopted[..i]
                .iter()
                .any(|s| s.remedy_id == a.remedy_id)
        {
            errors.push(FieldError::new(
                format!("/adopted/{i}"),
                "duplicate_item",
                format!("{} is adopted more than once", quote(&a.remedy_id)),
            ));
        } else if let Some(started) = started {
            adopted.push(AdoptedStep {
                remedy_id: a.remedy_id.clone(),
                started,
            });
        }
    }
    if request.diary.len() > MAX_DIARY_ENTRIES {
        errors.push(FieldError::new(
            "/diary",
            "too_many_items",
            format!("at most {MAX_DIARY_ENTRIES} entries"),
        ));
    }
    let mut diary: Vec<DiaryEntry> = Vec::new();
    let mut seen: Vec<Day> = Vec::new();
    for (i, e) in request.diary.iter().take(MAX_DIARY_ENTRIES).enumerate() {
        let at = |field: &str| format!("/diary/{i}/{field}");
        let day = date(at("date"), &e.date, &mut errors);
        if let Some(d) = day {
            if seen.contains(&d) {
                errors.push(FieldError::new(
                    at("date"),
                    "duplicate_item",
                    format!("{} is in the diary more than once", e.date),
                ));
            }
            seen.push(d);
        }
        let cramps = u32::try_from(e.cramps)
            .ok()
            .filter(|c| i64::from(*c) <= MAX_CRAMPS);
        if cramps.is_none() {
            errors.push(FieldError::new(
                at("cramps"),
                "out_of_range",
                format!("must be between 0 and {MAX_CRAMPS}"),
            ));
        }
        if e.longest_minutes
            .is_some_and(|m| !(0.0..=MAX_MINUTES).contains(&m))
        {
            errors.push(FieldError::new(
                at("longest_minutes"),
                "out_of_range",
                format!("must be between 0 and {MAX_MINUTES}"),
            ));
        }
        check_steps(i, e, day, &request.adopted, &adopted, kb, &mut errors);
        let symptoms = &e.new_symptoms[..e.new_symptoms.len().min(domain::Symptom::ALL.len())];
        for (j, s) in symptoms.iter().enumerate() {
            if symptoms[..j].contains(s) {
                errors.push(FieldError::new(
                    format!("/diary/{i}/new_symptoms/{j}"),
                    "duplicate_item",
                    format!("{} is listed more than once", quote(s.as_str())),
                ));
            }
        }
        if let (Some(date), Some(cramps)) = (day, cramps) {
            diary.push(DiaryEntry {
                date,
                cramps,
                longest_minutes: e.longest_minutes,
                woke: e.woke,
                steps_done: e.steps_done.clone(),
                new_symptoms: e.new_symptoms.clone(),
            });
        }
    }
    match profile {
        Some(profile) if errors.is_empty() => Ok((profile, FollowUpInput { adopted, diary })),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// The problem with a remedy id, if any: outside its length (the schema's `minLength` and
/// `maxLength`, [`REMEDY_ID_CHARS`]) it is `invalid_length`, as every over-long text is;
/// within it, an id that names no remedy is `unknown_value`.
fn remedy_id_error(pointer: String, id: &str, kb: &KnowledgeBase) -> Option<FieldError> {
    let (min, max) = REMEDY_ID_CHARS;
    let chars = id.chars().count();
    if chars < min || chars > max {
        return Some(FieldError::new(
            pointer,
            "invalid_length",
            format!("a remedy id has {min} to {max} characters"),
        ));
    }
    kb.remedy(id).is_none().then(|| {
        FieldError::new(
            pointer,
            "unknown_value",
            format!("{} is not a remedy id (see GET /v1/remedies)", quote(id)),
        )
    })
}

/// The steps of one night: known remedies, each once, adopted, and not before they began.
fn check_steps(
    i: usize,
    e: &DiaryRequest,
    day: Option<Day>,
    requested: &[AdoptedRequest],
    adopted: &[AdoptedStep],
    kb: &KnowledgeBase,
    errors: &mut Vec<FieldError>,
) {
    if e.steps_done.len() > MAX_ADOPTED {
        errors.push(FieldError::new(
            format!("/diary/{i}/steps_done"),
            "too_many_items",
            format!("at most {MAX_ADOPTED} steps"),
        ));
    }
    for (j, id) in e.steps_done.iter().take(MAX_ADOPTED).enumerate() {
        let pointer = format!("/diary/{i}/steps_done/{j}");
        if let Some(error) = remedy_id_error(pointer.clone(), id, kb) {
            errors.push(error);
        } else if e.steps_done[..j].contains(id) {
            errors.push(FieldError::new(
                pointer,
                "duplicate_item",
                format!("{} is listed more than once", quote(id)),
            ));
        } else if !requested.iter().any(|a| &a.remedy_id == id) {
            errors.push(FieldError::new(
                pointer,
                "invalid",
                format!("{} is not one of the adopted steps", quote(id)),
            ));
        } else if let (Some(day), Some(step)) = (day, adopted.iter().find(|a| &a.remedy_id == id))
            && day < step.started
        {
            errors.push(FieldError::new(
                pointer,
                "invalid",
                format!("{} began on {}, after this night", quote(id), step.started),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use utoipa::PartialSchema;

    use super::{DiaryRequest, FollowUpRequest, MAX_ADOPTED, MAX_CRAMPS, MAX_MINUTES};
    use crate::domain::Symptom;
    use crate::engine::follow_up::MAX_DIARY_ENTRIES;

    fn schema<T: PartialSchema>() -> Value {
        serde_json::to_value(T::schema()).unwrap()
    }

    /// utoipa's attributes take only literals: the published limits are the parser's constants.
    #[test]
    fn the_published_limits_are_the_parsers() {
        let request = schema::<FollowUpRequest>();
        let props = &request["properties"];
        assert_eq!(props["diary"]["maxItems"], MAX_DIARY_ENTRIES);
        assert_eq!(props["adopted"]["maxItems"], MAX_ADOPTED);
        let diary = schema::<DiaryRequest>();
        let props = &diary["properties"];
        assert_eq!(props["cramps"]["maximum"], MAX_CRAMPS);
        assert_eq!(
            props["longest_minutes"]["maximum"].as_f64(),
            Some(MAX_MINUTES)
        );
        assert_eq!(props["steps_done"]["maxItems"], MAX_ADOPTED);
        assert_eq!(props["new_symptoms"]["maxItems"], Symptom::ALL.len());
    }
}
