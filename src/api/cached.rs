//! Catalogue responses, serialised once when the knowledge base loads: each has its body and a
//! strong ETag (SHA-256 of the body, so it changes exactly when the representation does).

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use super::dto;
use super::questionnaire::{self, Questionnaire, VocabularyList};
use crate::domain::Lang;
use crate::http::compression::{self, Coding};
use crate::http::{AppState, conditional};
use crate::knowledge::{KnowledgeBase, Labels};

/// The embedded labels, checked against every vocabulary the API publishes.
///
/// # Panics
/// When they are incomplete (`schema_enums`' test loads the same set).
pub(crate) fn labels() -> Labels {
    Labels::embedded(&super::schema_enums::vocabularies())
        .unwrap_or_else(|e| panic!("the embedded labels are broken: {e}"))
}

/// How long caches may keep a catalogue response (it only changes on redeploy). Shared caches
/// may keep it only while keys are off: behind an API key the access guard turns `public` into
/// `private` and adds `Vary: Authorization, X-API-Key` (see `access::guard`).
const CACHE_CONTROL: &str = "public, max-age=3600";

/// One serialised response and its ETag.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    body: Bytes,
    etag: String,
    content_type: &'static str,
    /// The body gzip-compressed, made the first time a client asks for it.
    gzip: OnceLock<Option<Bytes>>,
    /// The body in HTTP's `deflate` (zlib), made the first time a client asks for it.
    deflate: OnceLock<Option<Bytes>>,
}

impl Cached {
    fn new(value: &impl Serialize) -> Self {
        Self::typed(value, "application/json")
    }

    /// A response of another JSON media type (`application/fhir+json`).
    fn typed(value: &impl Serialize, content_type: &'static str) -> Self {
        let body = serde_json::to_vec(value).expect("catalogue types always serialise");
        let etag = conditional::strong_etag(&body);
        Self {
            body: Bytes::from(body),
            etag,
            content_type,
            gzip: OnceLock::new(),
            deflate: OnceLock::new(),
        }
    }

    /// The body in `coding`, compressed once, as small as it goes (`None` if that failed: it
    /// is then sent as it is).
    fn encoded(&self, coding: Coding) -> Option<Bytes> {
        let slot = match coding {
            Coding::Gzip => &self.gzip,
            Coding::Deflate => &self.deflate,
        };
        slot.get_or_init(|| compression::encode_smallest(coding, &self.body).map(Bytes::from))
            .clone()
    }

    /// 304 when `If-None-Match` names this ETag (or `*`), else 200 with the body. A compressed
    /// answer is another representation, with its own ETag (`"…-gzip"`).
    pub(crate) fn respond(&self, req: &HttpRequest) -> HttpResponse {
        conditional::respond(req, &self.etag, CACHE_CONTROL, |ok, coding| {
            ok.content_type(self.content_type);
            match coding.and_then(|c| Some((c, self.encoded(c)?))) {
                Some((coding, body)) => compression::labelled(ok, coding).body(body),
                None => ok.body(self.body.clone()),
            }
        })
    }
}

/// Every catalogue response, precomputed.
#[derive(Debug, Clone)]
pub(crate) struct Catalogue {
    /// `GET /v1/knowledge`.
    pub knowledge: Cached,
    /// `GET /v1/causes`.
    pub causes: Cached,
    /// `GET /v1/remedies`.
    pub remedies: Cached,
    /// `GET /v1/red-flags`.
    pub red_flags: Cached,
    /// `GET /v1/differentials`.
    pub differentials: Cached,
    /// `GET /v1/medication-classes`.
    pub medication_classes: Cached,
    /// `GET /v1/sources`.
    pub sources: Cached,
    /// `GET /v1/causes/{cause_id}`.
    pub cause_by_id: HashMap<String, Cached>,
    /// `GET /v1/remedies/{remedy_id}`.
    pub remedy_by_id: HashMap<String, Cached>,
    /// `GET /v1/questionnaire`.
    pub questionnaire: Cached,
    /// `GET /v1/questionnaire` with `Accept: application/fhir+json`.
    pub questionnaire_fhir: Cached,
    /// `GET /v1/vocabulary`.
    pub vocabulary: Cached,
}

impl Catalogue {
    /// Serialises every catalogue response for `kb`, in `lang`.
    pub(crate) fn new(kb: &KnowledgeBase, labels: &Labels, lang: Lang) -> Self {
        let questionnaire = Questionnaire::new(kb, labels, lang);
        let causes: Vec<_> = kb
            .causes
            .iter()
            .map(|c| dto::CauseEntry::new(c, kb))
            .collect();
        let remedies: Vec<dto::RemedyEntry<'_>> = kb.remedies.iter().map(Into::into).collect();
        let mut red_flags: Vec<dto::RedFlagEntry<'_>> = Vec::new();
        let mut flags: Vec<_> = kb.red_flags.iter().collect();
        flags.sort_by_key(|f| f.urgency);
        red_flags.extend(flags.into_iter().map(Into::into));
        Self {
            questionnaire_fhir: Cached::typed(
                &questionnaire::fhir::questionnaire(&questionnaire),
                questionnaire::FHIR_JSON,
            ),
            questionnaire: Cached::new(&questionnaire),
            vocabulary: Cached::new(&VocabularyList::new(
                &super::schema_enums::vocabularies(),
                labels,
                lang,
            )),
            knowledge: Cached::new(&dto::KnowledgeInfo::new(kb)),
            cause_by_id: causes
                .iter()
                .map(|c| (c.id.to_owned(), Cached::new(c)))
                .collect(),
            remedy_by_id: remedies
                .iter()
                .map(|r| (r.id.to_owned(), Cached::new(r)))
                .collect(),
            causes: Cached::new(&dto::CauseList { causes }),
            remedies: Cached::new(&dto::RemedyList { remedies }),
            red_flags: Cached::new(&dto::RedFlagList { red_flags }),
            differentials: Cached::new(&dto::DifferentialList {
                differentials: kb.differentials.iter().map(Into::into).collect(),
            }),
            medication_classes: Cached::new(&dto::MedicationClassList {
                medication_classes: kb
                    .medication_classes
                    .iter()
                    .map(|m| dto::MedicationClassEntry::new(m, kb))
                    .collect(),
            }),
            sources: Cached::new(&dto::SourceList {
                sources: kb.sources.iter().map(Into::into).collect(),
            }),
        }
    }
}

/// The catalogue in every language, registered as app data beside the platform's state.
#[derive(Debug)]
pub(crate) struct Catalogues(Vec<Catalogue>);

impl Catalogues {
    /// Serialises every catalogue response in every language of `state`, once, at start-up.
    ///
    /// # Panics
    /// When the embedded labels are incomplete (a unit test makes sure they are not).
    pub(crate) fn new(state: &AppState) -> Self {
        let labels = labels();
        Self(
            Lang::ALL
                .iter()
                .map(|lang| Catalogue::new(state.kb_in(*lang), &labels, *lang))
                .collect(),
        )
    }

    /// The catalogue in `lang`.
    pub(crate) fn get(&self, lang: Lang) -> &Catalogue {
        &self.0[lang.index()]
    }
}
