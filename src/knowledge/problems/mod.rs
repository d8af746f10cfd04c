//! The problem types of the service (RFC 9457): the closed list of codes an error answer can
//! carry ([`ProblemCode`]) and their texts in every language, read from `data/problems.toml`
//! and `data/{lang}/problems.toml`. The loader holds the data to the enum: a code without an
//! entry, an entry without a code, a language without a text, or a translation whose
//! `{placeholders}` differ from the English is rejected, so the texts can be rendered without
//! further checks. The texts are not clinical content, so they are not part of the knowledge
//! hash (answers' `ETag`s do not change when an error message does).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::KnowledgeError;
use super::translation_checks::{At, parse};
use crate::domain::Lang;

/// Declares [`ProblemCode`] once: each variant with its wire code.
macro_rules! problem_codes {
    ($($variant:ident => $code:literal,)+) => {
        /// Every `code` (and so every `type`, `/problems/{code}`) an error answer can carry.
        /// Closed: the catalogue data must have exactly these codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ProblemCode {
            $(
                #[doc = concat!("`", $code, "`")]
                $variant,
            )+
        }

        impl ProblemCode {
            /// Every code, in catalogue order.
            pub const ALL: &[ProblemCode] = &[$(Self::$variant),+];

            /// The wire code, e.g. `validation_failed`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }
        }
    };
}

problem_codes! {
    MalformedJson => "malformed_json",
    EmptyBody => "empty_body",
    InvalidParameter => "invalid_parameter",
    Unauthorized => "unauthorized",
    TooManyRequests => "too_many_requests",
    NotFound => "not_found",
    RouteNotFound => "route_not_found",
    MethodNotAllowed => "method_not_allowed",
    NotAcceptable => "not_acceptable",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    ValidationFailed => "validation_failed",
    NotReady => "not_ready",
    InternalError => "internal_error",
    BadRequest => "bad_request",
    RequestTimeout => "request_timeout",
    UriTooLong => "uri_too_long",
    HeadersTooLarge => "headers_too_large",
    PrefetchMissing => "prefetch_missing",
    FhirServerNotAllowed => "fhir_server_not_allowed",
    FhirFetchFailed => "fhir_fetch_failed",
}

impl ProblemCode {
    /// The code with this wire name.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// Its usual HTTP status.
    pub fn status(self) -> u16 {
        catalogue().entry(self).status
    }

    /// Its texts in `lang`.
    pub fn text(self, lang: Lang) -> &'static ProblemText {
        &catalogue().entry(self).texts[lang.index()]
    }
}

/// The texts of one problem type in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemText {
    /// Short summary of the problem type (the answer's `title`).
    pub title: String,
    /// Template of the answer's `detail`, with `{placeholders}`; absent when the detail is
    /// passed through as it comes (errors actix produces).
    #[serde(default)]
    pub detail: Option<String>,
    /// Other wordings of the detail, by name (`unauthorized` has `wrong_key`).
    #[serde(default)]
    pub variants: BTreeMap<String, String>,
    /// What the problem means (for the page).
    pub meaning: String,
    /// What a client should do about it (for the page).
    pub what_to_do: String,
}

/// The words of the problem pages in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageLabels {
    /// Heading of the catalogue.
    pub catalogue_title: String,
    /// The paragraph that opens the catalogue.
    pub catalogue_intro: String,
    /// "Code".
    pub code: String,
    /// "HTTP status".
    pub status: String,
    /// "Title".
    pub title: String,
    /// "What it means".
    pub meaning: String,
    /// "What to do".
    pub what_to_do: String,
    /// The link back to the catalogue.
    pub back: String,
}

/// One code with its status and its texts, in [`Lang::ALL`] order.
#[derive(Debug, Clone)]
struct Entry {
    status: u16,
    texts: Vec<ProblemText>,
}

/// Every problem type, checked and complete in every language.
#[derive(Debug, Clone)]
pub struct ProblemCatalogue {
    entries: Vec<Entry>,
    resources: Vec<BTreeMap<String, String>>,
    pages: Vec<PageLabels>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnglishFile {
    page: PageLabels,
    resources: BTreeMap<String, String>,
    problem: Vec<EnglishEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnglishEntry {
    code: String,
    status: u16,
    /// Placeholders whose value is English text (a parser message): a translation may leave
    /// them out.
    #[serde(default)]
    english_only: Vec<String>,
    title: String,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    variants: BTreeMap<String, String>,
    meaning: String,
    what_to_do: String,
}

impl EnglishEntry {
    fn text(&self) -> ProblemText {
        ProblemText {
            title: self.title.clone(),
            detail: self.detail.clone(),
            variants: self.variants.clone(),
            meaning: self.meaning.clone(),
            what_to_do: self.what_to_do.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    page: PageLabels,
    resources: BTreeMap<String, String>,
    problem: BTreeMap<String, ProblemText>,
}

const FILE: &str = "problems.toml";

/// The embedded `problems.toml` of `lang` (the one embedding table is `knowledge::files`).
fn embedded_translation(lang: Lang) -> &'static str {
    super::files::embedded_problems(lang)
}

static CATALOGUE: LazyLock<ProblemCatalogue> = LazyLock::new(|| {
    ProblemCatalogue::embedded()
        .unwrap_or_else(|e| panic!("the embedded problem catalogue is broken: {e}"))
});

/// The embedded catalogue, loaded on first use. The data is compiled in, so the unit tests'
/// load of [`ProblemCatalogue::embedded`] is the very load every binary does: it cannot fail
/// at request time once they pass.
pub fn catalogue() -> &'static ProblemCatalogue {
    &CATALOGUE
}

impl ProblemCatalogue {
    /// The catalogue compiled into the binary.
    ///
    /// # Errors
    /// As [`Self::from_texts`].
    pub fn embedded() -> Result<Self, KnowledgeError> {
        Self::from_texts(|lang| embedded_translation(lang).to_owned())
    }

    /// Parses and checks the catalogue; `text(lang)` gives the file of each language
    /// (English: `problems.toml`, others: `{lang}/problems.toml`).
    ///
    /// # Errors
    /// The first problem found, naming the file and the code.
    pub fn from_texts(text: impl Fn(Lang) -> String) -> Result<Self, KnowledgeError> {
        let english: EnglishFile =
            toml::from_str(&text(Lang::En)).map_err(|e| KnowledgeError::Parse {
                file: FILE.to_owned(),
                entry: "(file)".to_owned(),
                message: e.message().trim().to_owned(),
            })?;
        let mut by_code: BTreeMap<ProblemCode, EnglishEntry> = BTreeMap::new();
        for entry in english.problem {
            let code = ProblemCode::parse(&entry.code).ok_or_else(|| {
                KnowledgeError::invalid(FILE, &entry.code, "the service has no such problem code")
            })?;
            if by_code.insert(code, entry).is_some() {
                return Err(KnowledgeError::invalid(FILE, code.as_str(), "listed twice"));
            }
        }
        let mut entries = Vec::with_capacity(ProblemCode::ALL.len());
        for code in ProblemCode::ALL {
            let entry = by_code.remove(code).ok_or_else(|| {
                KnowledgeError::invalid(FILE, code.as_str(), "no entry for this problem code")
            })?;
            if !(400..=599).contains(&entry.status) {
                return Err(KnowledgeError::invalid(
                    FILE,
                    code.as_str(),
                    "status is not 4xx/5xx",
                ));
            }
            entries.push((entry.status, entry.english_only.clone(), vec![entry.text()]));
        }
        let mut resources = vec![english.resources];
        let mut pages = vec![english.page];
        for lang in &Lang::ALL[1..] {
            let file = format!("{}/{FILE}", lang.as_str());
            let mut tr: TranslationFile = parse(*lang, FILE, &text(*lang))?;
            if tr.resources.keys().ne(resources[0].keys()) {
                return Err(KnowledgeError::invalid(
                    &file,
                    "resources",
                    "must name exactly the resources of the English file",
                ));
            }
            for (code, (_, english_only, texts)) in ProblemCode::ALL.iter().zip(&mut entries) {
                let at = At {
                    file: file.clone(),
                    entry: code.as_str(),
                };
                let translated =
                    super::translation_checks::take(&mut tr.problem, &file, code.as_str())?;
                texts.push(translate(&at, &texts[0], translated, english_only)?);
            }
            super::translation_checks::no_extra(&tr.problem, &file)?;
            resources.push(tr.resources);
            pages.push(translate_page(&file, &pages[0], tr.page)?);
        }
        Ok(Self {
            entries: entries
                .into_iter()
                .map(|(status, _, texts)| Entry { status, texts })
                .collect(),
            resources,
            pages,
        })
    }

    /// The words of the problem pages in `lang`.
    pub fn page(&self, lang: Lang) -> &PageLabels {
        &self.pages[lang.index()]
    }

    fn entry(&self, code: ProblemCode) -> &Entry {
        // `from_texts` filled one entry per code, in `ProblemCode::ALL` (declaration) order.
        &self.entries[code as usize]
    }

    /// How the resource kind `kind` (e.g. `cause`) is worded in `lang`.
    pub fn resource(&self, kind: &str, lang: Lang) -> Option<&str> {
        self.resources[lang.index()].get(kind).map(String::as_str)
    }
}

/// Checks the translated page words against the English ones and returns them.
fn translate_page(
    file: &str,
    en: &PageLabels,
    tr: PageLabels,
) -> Result<PageLabels, KnowledgeError> {
    let at = At {
        file: file.to_owned(),
        entry: "page",
    };
    let mut out = en.clone();
    at.text(
        "catalogue_title",
        &mut out.catalogue_title,
        tr.catalogue_title,
    )?;
    at.text(
        "catalogue_intro",
        &mut out.catalogue_intro,
        tr.catalogue_intro,
    )?;
    at.text("code", &mut out.code, tr.code)?;
    at.text("status", &mut out.status, tr.status)?;
    at.text("title", &mut out.title, tr.title)?;
    at.text("meaning", &mut out.meaning, tr.meaning)?;
    at.text("what_to_do", &mut out.what_to_do, tr.what_to_do)?;
    at.text("back", &mut out.back, tr.back)?;
    Ok(out)
}

/// Checks a translation against the English texts and returns it.
fn translate(
    at: &At<'_>,
    en: &ProblemText,
    tr: ProblemText,
    english_only: &[String],
) -> Result<ProblemText, KnowledgeError> {
    let mut out = en.clone();
    at.text("title", &mut out.title, tr.title)?;
    at.text("meaning", &mut out.meaning, tr.meaning)?;
    at.text("what_to_do", &mut out.what_to_do, tr.what_to_do)?;
    match (en.detail.as_deref(), tr.detail) {
        (Some(template), Some(t)) => {
            // An English-only placeholder may be left out; every other must stay.
            let mut expected = template.to_owned();
            for name in english_only {
                if !t.contains(&format!("{{{name}}}")) {
                    expected = expected.replace(&format!("{{{name}}}"), "");
                }
            }
            at.text("detail", &mut expected, t)?;
            out.detail = Some(expected);
        }
        (None, None) => {}
        (Some(_), None) => return Err(at.err("detail: missing")),
        (None, Some(_)) => return Err(at.err("detail: the English entry has none")),
    }
    if tr.variants.keys().ne(en.variants.keys()) {
        return Err(at.err("variants: must name exactly the English variants"));
    }
    for (name, t) in tr.variants {
        let slot = out
            .variants
            .get_mut(&name)
            .expect("same keys checked above");
        at.text(&format!("variants.{name}"), slot, t)?;
    }
    Ok(out)
}

/// Fills `{name}` placeholders of `template` from `args` in one pass (a value that contains
/// braces is never filled again); an unknown placeholder is left as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
