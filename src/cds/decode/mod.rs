//! A hook call from its body to a checked call: decode, the call's own checks (hook, ids, date,
//! token) and the sent prefetch read as FHIR.
//!
//! `patient-view` calls are decoded in one typed pass straight from the bytes, the prefetch
//! into FHIR resources ([`resources`]); a body that pass refuses goes down the slow path (the
//! platform's JSON tree, the typed decode that names the first wrong element, and
//! [`check_sent`](super::prefetch::check_sent)), which reports every problem as it always
//! has. The one pass accepts only bodies the slow path accepts too, and gives the same call: a
//! unit test compares the two over thousands of mutated calls.

mod resources;
#[cfg(test)]
mod tests;
mod unique;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::call::{check_authorization, check_call, request_date};
use super::dates::Date;
use super::prefetch::{self, Prefetched, Template};
use super::request::{HookRequest, PatientViewContext};
use crate::http::ApiError;
use crate::http::body::{decode_owned, is_blank, parse_json};

pub(crate) use resources::PatientViewPrefetch;

/// The context of a hook call: both hooks name the patient.
pub(crate) trait HookContext: DeserializeOwned {
    /// The patient in context.
    fn patient_id(&self) -> &str;
}

impl HookContext for PatientViewContext {
    fn patient_id(&self) -> &str {
        &self.patient_id
    }
}

impl HookContext for super::request::OrderSelectContext {
    fn patient_id(&self) -> &str {
        &self.patient_id
    }
}

/// A checked `patient-view` call, its prefetch read as FHIR.
pub(crate) type PatientViewCall = HookRequest<PatientViewContext, PatientViewPrefetch>;

/// Decodes and checks a `patient-view` call, and settles the date it is for (the call's own,
/// else `clock`).
///
/// # Errors
/// As [`checked_slowly`]: 400 for a body that is not JSON, else 422s with pointers.
pub(crate) fn checked_patient_view(
    bytes: &[u8],
    clock: Date,
) -> Result<(PatientViewCall, Date), ApiError> {
    match decode_in_one_pass(bytes) {
        Some(call) => {
            let today = check(&call, "patient-view", clock)?;
            Ok((call, today))
        }
        None => patient_view_slowly(bytes, clock),
    }
}

/// The typed call straight from the bytes, or `None` for anything the slow path must judge:
/// not an object at the top, a repeated key anywhere or anything else the typed pass would skip
/// but the slow path refuse (the typed pass does not look inside what it does not read, so
/// [`unique`] scans first), any element of the wrong shape.
fn decode_in_one_pass(bytes: &[u8]) -> Option<PatientViewCall> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' || !unique::no_repeated_keys(bytes) {
        return None;
    }
    let mut call: PatientViewCall = serde_json::from_slice(bytes).ok()?;
    // The slow path's tree has its objects sorted by key; the extensions are kept as JSON.
    if let Some(extension) = call.extension.as_mut() {
        sort(extension);
    }
    Some(call)
}

fn sort(map: &mut Map<String, Value>) {
    map.sort_keys();
    map.values_mut().for_each(Value::sort_all_objects);
}

/// The slow path for `patient-view`.
fn patient_view_slowly(bytes: &[u8], clock: Date) -> Result<(PatientViewCall, Date), ApiError> {
    let (call, today, sent) =
        checked_slowly::<PatientViewContext>(bytes, "patient-view", prefetch::PATIENT_VIEW, clock)?;
    let prefetch = call.prefetch.map(|_| PatientViewPrefetch(sent));
    let call = HookRequest {
        hook: call.hook,
        hook_instance: call.hook_instance,
        fhir_server: call.fhir_server,
        fhir_authorization: call.fhir_authorization,
        context: call.context,
        prefetch,
        extension: call.extension,
    };
    Ok((call, today))
}

/// Every hook call's way, and the slow path: the JSON tree (400 when it is not JSON, 422 for
/// each repeated key), the typed decode (a 422 naming the first wrong element), the call's
/// checks, and what the call prefetched for `templates` read as FHIR (a 422 naming the first
/// element that is not).
///
/// # Errors
/// As above.
pub(crate) fn checked_slowly<C: HookContext>(
    bytes: &[u8],
    hook: &str,
    templates: &[Template],
    clock: Date,
) -> Result<(HookRequest<C>, Date, Prefetched), ApiError> {
    if is_blank(bytes) {
        return Err(ApiError::EmptyBody);
    }
    let call: HookRequest<C> = decode_owned(parse_json(bytes)?)?;
    let today = check(&call, hook, clock)?;
    let sent = prefetch::check_sent(templates, call.prefetch.as_ref())?;
    Ok((call, today, sent))
}

/// The call's own checks, in the order the slow path has always made them.
fn check<C: HookContext, P>(
    call: &HookRequest<C, P>,
    hook: &str,
    clock: Date,
) -> Result<Date, ApiError> {
    check_call(
        &call.hook,
        hook,
        &call.hook_instance,
        call.context.patient_id(),
    )?;
    let today = request_date(call.extension.as_ref())?.unwrap_or(clock);
    check_authorization(call.fhir_authorization.as_ref())?;
    Ok(today)
}
