//! What both hook handlers check and derive from a call: the hook name and ids, the request
//! date, access to the client's FHIR server, this server's base URL, and the 200 answer.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Map, Value};

use super::body::invalid;
use super::dates::Date;
use super::prefetch::{FhirAccess, FhirServer, is_fhir_id};
use super::request::FhirAuthorization;
use super::response::CdsResponse;
use crate::http::ApiError;

/// The request-level extension that fixes the date the record is read for (`YYYY-MM-DD`);
/// without it, the server's UTC date is used. CDS Hooks reserves `extension` (reverse-DNS keys)
/// for exactly this kind of agreed addition: no hook context carries a date.
pub(crate) const REQUEST_DATE_EXTENSION: &str = "example.cramp-advisor.request-date";

/// The 200 answer. Its `Content-Language` is the cards' language, English: the cards are
/// written in English whatever `Accept-Language` asks for (errors still follow it).
///
/// # Errors
/// 500 if the answer cannot be serialised (it always can: its maps have string keys).
pub(crate) fn respond(req: &HttpRequest, body: &CdsResponse) -> Result<HttpResponse, ApiError> {
    // Sized for a typical answer (about 10 KB), so writing it never moves what is written.
    let mut json = Vec::with_capacity(16 * 1024);
    // The cards are mostly Markdown: written with the platform's escaping, many bytes at a time.
    crate::http::json::write(&mut json, body).map_err(|e| ApiError::Unexpected(e.into()))?;
    let mut ok = HttpResponse::Ok();
    // The cards describe a patient: never cached.
    ok.content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_LANGUAGE, CARDS_LANGUAGE.as_str()));
    Ok(crate::http::compression::respond(req, ok, json))
}

/// The language the cards are written in.
pub(crate) const CARDS_LANGUAGE: crate::domain::Lang = crate::domain::Lang::En;

/// Checks the hook name, `hookInstance` and the patient id (a FHIR id, so it is safe in a
/// query).
///
/// # Errors
/// 422 naming the field.
pub(crate) fn check_call(
    hook: &str,
    expected: &str,
    hook_instance: &str,
    patient_id: &str,
) -> Result<(), ApiError> {
    if hook != expected {
        return Err(invalid(
            "/hook",
            "wrong_hook",
            format!(
                "this service answers the {expected} hook, not {}",
                crate::http::error::echo(hook)
            ),
        ));
    }
    if !(1..=200).contains(&hook_instance.chars().count()) {
        return Err(invalid(
            "/hookInstance",
            "invalid",
            "hookInstance must be an id (a UUID) of 1-200 characters",
        ));
    }
    if !is_fhir_id(patient_id) {
        return Err(invalid(
            "/context/patientId",
            "invalid",
            "patientId must be a FHIR id: 1-64 letters, digits, '-' or '.'",
        ));
    }
    Ok(())
}

/// The date the record is read for, when the call fixes one.
///
/// # Errors
/// 422 when the extension is present but not a `YYYY-MM-DD` string.
pub(crate) fn request_date(
    extension: Option<&Map<String, Value>>,
) -> Result<Option<Date>, ApiError> {
    let Some(value) = extension.and_then(|e| e.get(REQUEST_DATE_EXTENSION)) else {
        return Ok(None);
    };
    value
        .as_str()
        .and_then(Date::parse_iso)
        .map(Some)
        .ok_or_else(|| {
            invalid(
                &format!("/extension/{REQUEST_DATE_EXTENSION}"),
                "invalid",
                "the request date must be a YYYY-MM-DD string",
            )
        })
}

/// Checks `fhirAuthorization`, when given: its `token_type` must be `Bearer`, the fixed value
/// CDS Hooks 2.0 gives it (and the OpenAPI document states).
///
/// # Errors
/// 422 for any other token type.
pub(crate) fn check_authorization(auth: Option<&FhirAuthorization>) -> Result<(), ApiError> {
    match auth {
        Some(a) if a.token_type != "Bearer" => Err(invalid(
            "/fhirAuthorization/token_type",
            "invalid",
            "token_type must be Bearer",
        )),
        _ => Ok(()),
    }
}

/// What the call's `fhirServer` allows: fetching is only ever done from a server whose origin
/// is on this deployment's allow-list, because the caller names the URL (server-side request
/// forgery otherwise). A server that is not allowed, or is not a plain `http(s)` base URL
/// (credentials, query or fragment), is not fetched from; missing required prefetch then gets
/// a 412 saying so.
pub(crate) fn fhir_server(
    server: Option<&str>,
    auth: Option<&FhirAuthorization>,
    allowed_origins: &[String],
) -> FhirServer {
    let Some(server) = server else {
        // A token without a server to use it on is ignored.
        return FhirServer::Absent;
    };
    let Some(url) = allowed_url(server, allowed_origins) else {
        tracing::info!(
            "the call names a fhirServer that is not on the allow-list: not fetching from it"
        );
        return FhirServer::NotAllowed;
    };
    FhirServer::Allowed(FhirAccess {
        base: url.as_str().trim_end_matches('/').to_owned(),
        token: auth.map(|a| a.access_token.clone()),
    })
}

/// `url` parsed, when it is a plain `http(s)` URL (no credentials, query or fragment) whose
/// origin is one of `allowed_origins`: the rule for every URL this server fetches from
/// (`fhirServer`, and the CDS clients' JWKS in [`super::jwt`]).
pub(crate) fn allowed_url(url: &str, allowed_origins: &[String]) -> Option<reqwest::Url> {
    reqwest::Url::parse(url).ok().filter(|u| {
        matches!(u.scheme(), "https" | "http")
            && u.has_host()
            && u.username().is_empty()
            && u.password().is_none()
            && u.query().is_none()
            && u.fragment().is_none()
            && is_allowed(u, allowed_origins)
    })
}

/// True when `url`'s origin (scheme, host, port) is one of `allowed_origins`.
fn is_allowed(url: &reqwest::Url, allowed_origins: &[String]) -> bool {
    let origin = url.origin();
    origin.is_tuple()
        && allowed_origins
            .iter()
            .filter_map(|o| reqwest::Url::parse(o).ok())
            .any(|allowed| allowed.origin() == origin)
}

/// What card links to this service's own pages start with (CDS Hooks wants absolute URLs):
/// the configured public base URL (`APP_PUBLIC_BASE_URL`, which CDS Hooks JWT verification
/// requires, so every deployment that checks tokens uses it), else the address the
/// connection was accepted on (local development with `APP_CDS_JWT=off`). Never the
/// request's `Host` or forwarded headers: they are not authenticated, and a link built from
/// them would send a clinician wherever the caller chose.
pub(crate) fn base_url(req: &HttpRequest) -> String {
    let configured = req
        .app_data::<actix_web::web::Data<crate::http::AppState>>()
        .and_then(|state| state.net.public_base_url.as_deref())
        .map(|base| base.trim_end_matches('/').to_owned());
    configured.unwrap_or_else(|| {
        let config = req.app_config();
        let scheme = if config.secure() { "https" } else { "http" };
        format!("{scheme}://{}", config.local_addr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(server: &str, allowed: &[&str]) -> &'static str {
        let allowed: Vec<String> = allowed.iter().map(|&a| a.to_owned()).collect();
        match fhir_server(Some(server), None, &allowed) {
            FhirServer::Absent => "absent",
            FhirServer::NotAllowed => "not allowed",
            FhirServer::Allowed(_) => "allowed",
        }
    }

    #[test]
    fn only_a_plain_base_url_on_an_allowed_origin_is_fetched_from() {
        let ehr = ["https://ehr.example.org"];
        assert_eq!(classify("https://ehr.example.org/fhir/r4", &ehr), "allowed");
        assert_eq!(
            classify("https://EHR.example.org:443/fhir", &ehr),
            "allowed"
        );
        assert_eq!(classify("https://ehr.example.org/fhir", &[]), "not allowed");
        for other in [
            "http://ehr.example.org/fhir",
            "https://ehr.example.org:8443/fhir",
            "https://ehr.example.org.evil.example/fhir",
            "https://user:pw@ehr.example.org/fhir",
            "https://ehr.example.org/fhir?_format=json",
            "https://ehr.example.org/fhir#x",
            "ftp://ehr.example.org/fhir",
            "ehr.example.org/fhir",
            "",
        ] {
            assert_eq!(classify(other, &ehr), "not allowed", "{other}");
        }
        assert!(matches!(fhir_server(None, None, &[]), FhirServer::Absent));
    }

    #[test]
    fn the_base_url_loses_its_trailing_slash_and_carries_the_token() {
        let auth: FhirAuthorization = serde_json::from_value(
            serde_json::json!({"access_token": "t0k", "token_type": "Bearer"}),
        )
        .unwrap();
        let allowed = vec!["http://127.0.0.1:9".to_owned()];
        let FhirServer::Allowed(access) =
            fhir_server(Some("http://127.0.0.1:9/fhir/"), Some(&auth), &allowed)
        else {
            panic!("allowed");
        };
        assert_eq!(access.base, "http://127.0.0.1:9/fhir");
        assert_eq!(access.token.as_deref(), Some("t0k"));
    }
}
