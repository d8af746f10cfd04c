//! Every text a person reads, visited in one place: for filling in the per-language locale
//! placeholders (the same-day care service), and for checks that read all texts (numbers need
//! sources, translations keep their qualifiers).

use super::KnowledgeBase;
use crate::domain::{Lang, TextSlot};

/// The placeholder for the same-day care service of the reader's country.
pub const SAME_DAY_CARE: &str = "{same_day_care}";

impl KnowledgeBase {
    /// Calls `visit` with every text a person can read, and where it lives: file, entry id,
    /// field (`red_flags.toml`, `possible_dvt`, `action`).
    pub fn visit_texts(&self, mut visit: impl FnMut(&str, &str, &str, &str)) {
        for_each_text(self, &mut |file, entry, field, text: &dyn TextSlot| {
            visit(file, entry, field, text.text());
        });
    }

    /// Replaces the locale placeholders in every text with this language's values.
    pub(super) fn fill_locale(&mut self) {
        let service = self.meta.same_day_care.clone();
        walk_mut(self, &mut |_, _, _, text| {
            if text.text().contains(SAME_DAY_CARE) {
                let filled = text.text().replace(SAME_DAY_CARE, &service);
                text.replace(filled);
            }
        });
    }
}

/// A class title as it reads inside a sentence: languages that lower-case common nouns lower
/// the first letter (unless the first word is an abbreviation, like "ACE"); German keeps its
/// capitals.
pub(super) fn in_sentence(title: &str, lang: Lang) -> String {
    let mut chars = title.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return title.to_owned();
    };
    let abbreviation = second.is_some_and(char::is_uppercase);
    if lang == Lang::De || abbreviation {
        return title.to_owned();
    }
    first
        .to_lowercase()
        .chain(title[first.len_utf8()..].chars())
        .collect()
}

macro_rules! texts {
    ($kb:expr, $visit:expr, $($ref:tt)*) => {{
        let kb = $kb;
        let visit = $visit;
        let m = $($ref)* kb.meta;
        for (field, text) in [
            ("disclaimer", $($ref)* m.disclaimer),
            ("medication_advice", $($ref)* m.medication_advice),
            ("unexplained_fact", $($ref)* m.unexplained_fact),
            ("addresses_label", $($ref)* m.addresses_label),
            ("headlines.routine", $($ref)* m.headlines.routine),
            ("headlines.self_care", $($ref)* m.headlines.self_care),
        ] {
            visit("meta.toml", "(file header)", field, text);
        }
        for c in $($ref)* kb.causes {
            let (file, id) = ("causes.toml", c.id.clone());
            visit(file, &id, "title", $($ref)* c.title);
            visit(file, &id, "summary", $($ref)* c.summary);
            visit(file, &id, "evidence", $($ref)* c.evidence);
            for t in $($ref)* c.suspicion { visit(file, &id, "suspicion", t); }
            for s in $($ref)* c.signals { visit(file, &id, "signal.fact", $($ref)* s.fact); }
        }
        for r in $($ref)* kb.remedies {
            let (file, id) = ("remedies.toml", r.id.clone());
            visit(file, &id, "title", $($ref)* r.title);
            visit(file, &id, "summary", $($ref)* r.summary);
            visit(file, &id, "evidence_note", $($ref)* r.evidence_note);
            if let Some(t) = $($ref)* r.evidence_correction { visit(file, &id, "evidence_correction", t); }
            for t in $($ref)* r.how_to { visit(file, &id, "how_to", t); }
            for c in $($ref)* r.cautions { visit(file, &id, "cautions", $($ref)* c.text); }
            for w in $($ref)* r.withhold { visit(file, &id, "withhold", $($ref)* w.reason); }
            if let Some(p) = $($ref)* r.plan { visit(file, &id, "plan.action", $($ref)* p.action); }
        }
        for f in $($ref)* kb.red_flags {
            let (file, id) = ("red_flags.toml", f.id.clone());
            visit(file, &id, "title", $($ref)* f.title);
            visit(file, &id, "headline", $($ref)* f.headline);
            visit(file, &id, "action", $($ref)* f.action);
            visit(file, &id, "possible_cause", $($ref)* f.possible_cause);
            if let Some(w) = $($ref)* f.withhold { visit(file, &id, "withhold.reason", $($ref)* w.reason); }
            for i in $($ref)* f.implicates {
                visit(file, &id, "implicates.advice", $($ref)* i.advice);
                if let Some(t) = $($ref)* i.emergency_advice { visit(file, &id, "implicates.emergency_advice", t); }
            }
        }
        for d in $($ref)* kb.differentials {
            let (file, id) = ("differentials.toml", d.id.clone());
            visit(file, &id, "title", $($ref)* d.title);
            visit(file, &id, "summary", $($ref)* d.summary);
            for t in $($ref)* d.distinguishing_features { visit(file, &id, "distinguishing_features", t); }
        }
        for c in $($ref)* kb.medication_classes {
            let (file, id) = ("medication_classes.toml", c.id.clone());
            visit(file, &id, "title", $($ref)* c.title);
            visit(file, &id, "evidence_note", $($ref)* c.evidence_note);
            if let Some(t) = $($ref)* c.advice { visit(file, &id, "advice", t); }
        }
        for q in $($ref)* kb.questions {
            let (file, id) = ("questions.toml", q.field.key().to_owned());
            visit(file, &id, "question", $($ref)* q.question);
            visit(file, &id, "why", $($ref)* q.why);
        }
        let f = $($ref)* kb.follow_up;
        let t = $($ref)* f.texts;
        for (field, text) in [
            ("windows.reason", $($ref)* f.windows.reason),
            ("verdict.reason", $($ref)* f.verdict.reason),
            ("texts.better", $($ref)* t.better),
            ("texts.same", $($ref)* t.same),
            ("texts.worse", $($ref)* t.worse),
            ("texts.too_little_data", $($ref)* t.too_little_data),
            ("texts.review_no_change", $($ref)* t.review_no_change),
            ("texts.more_frequent", $($ref)* t.more_frequent),
            ("texts.keep_going", $($ref)* t.keep_going),
            ("texts.red_flag_first", $($ref)* t.red_flag_first),
        ] {
            visit("follow_up.toml", "(file)", field, text);
        }
    }};
}

fn for_each_text(kb: &KnowledgeBase, visit: &mut impl FnMut(&str, &str, &str, &dyn TextSlot)) {
    texts!(kb, visit, &);
}

fn walk_mut(kb: &mut KnowledgeBase, visit: &mut impl FnMut(&str, &str, &str, &mut dyn TextSlot)) {
    texts!(kb, visit, &mut);
}
