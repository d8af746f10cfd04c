//! Translations: per-language files (`data/es/causes.toml`, …) holding only texts, keyed by the
//! English entry's id. Applying one to the English knowledge base gives a complete knowledge base
//! in that language with the same ids, rules, grades and numbers, so the engine gives the same
//! answer in every language, only worded differently. A translation that misses or adds an
//! entry, a field or a list item, or changes a `{placeholder}`, is rejected at start-up.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::translation_checks::{At, no_extra, parse, take};
use super::{KnowledgeBase, KnowledgeError};
use crate::domain::{Lang, Text};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaTr {
    disclaimer: String,
    medication_advice: String,
    unexplained_fact: String,
    addresses_label: String,
    same_day_care: String,
    headlines: HeadlinesTr,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadlinesTr {
    routine: String,
    self_care: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CauseTr {
    title: String,
    summary: String,
    evidence: String,
    suspicion: Vec<String>,
    signal_facts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemedyTr {
    title: String,
    summary: String,
    evidence_note: String,
    how_to: Vec<String>,
    cautions: Vec<String>,
    withhold: Vec<String>,
    #[serde(default)]
    plan_action: Option<String>,
    #[serde(default)]
    evidence_correction: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedFlagTr {
    title: String,
    headline: String,
    action: String,
    possible_cause: String,
    #[serde(default)]
    withhold_reason: Option<String>,
    #[serde(default)]
    implicates: Vec<String>,
    /// Each `emergency_advice` of the English `implicates`, in English order.
    #[serde(default)]
    implicates_emergency: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DifferentialTr {
    title: String,
    summary: String,
    distinguishing_features: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassTr {
    title: String,
    evidence_note: String,
    #[serde(default)]
    advice: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionTr {
    question: String,
    why: String,
}

/// The text of one translation file, by name (e.g. `causes.toml`).
pub(super) type TranslationFiles<'a> = &'a dyn Fn(&str) -> &'a str;

/// A copy of `base` (English) with every text replaced by its translation in `lang`.
///
/// # Errors
/// A [`KnowledgeError`] naming the translation file and entry that is incomplete or wrong.
pub(super) fn translate(
    base: &KnowledgeBase,
    lang: Lang,
    files: TranslationFiles<'_>,
) -> Result<KnowledgeBase, KnowledgeError> {
    let mut kb = base.clone();
    let path = |name: &str| format!("{}/{name}", lang.as_str());

    let meta: MetaTr = parse(lang, "meta.toml", files("meta.toml"))?;
    let at = At {
        file: path("meta.toml"),
        entry: "(file header)",
    };
    let m = &mut kb.meta;
    at.text("disclaimer", &mut m.disclaimer, meta.disclaimer)?;
    at.text(
        "medication_advice",
        &mut m.medication_advice,
        meta.medication_advice,
    )?;
    at.text(
        "unexplained_fact",
        &mut m.unexplained_fact,
        meta.unexplained_fact,
    )?;
    at.text(
        "addresses_label",
        &mut m.addresses_label,
        meta.addresses_label,
    )?;
    at.text("same_day_care", &mut m.same_day_care, meta.same_day_care)?;
    at.text(
        "headlines.routine",
        &mut m.headlines.routine,
        meta.headlines.routine,
    )?;
    at.text(
        "headlines.self_care",
        &mut m.headlines.self_care,
        meta.headlines.self_care,
    )?;
    for headline in [&m.headlines.routine, &m.headlines.self_care] {
        if headline.chars().count() > 140 {
            return Err(at.err("a headline is longer than 140 characters"));
        }
    }

    let file = path("causes.toml");
    let mut causes: BTreeMap<String, CauseTr> = parse(lang, "causes.toml", files("causes.toml"))?;
    for c in &mut kb.causes {
        let tr = take(&mut causes, &file, &c.id)?;
        let at = At {
            file: file.clone(),
            entry: &c.id,
        };
        at.text("title", &mut c.title, tr.title)?;
        at.text("summary", &mut c.summary, tr.summary)?;
        at.text("evidence", &mut c.evidence, tr.evidence)?;
        at.list("suspicion", &mut c.suspicion, tr.suspicion)?;
        let mut facts: Vec<String> = c.signals.iter().map(|s| s.fact.clone()).collect();
        at.list("signal_facts", &mut facts, tr.signal_facts)?;
        c.signals
            .iter_mut()
            .zip(facts)
            .for_each(|(s, f)| s.fact = f);
    }
    no_extra(&causes, &file)?;

    let file = path("remedies.toml");
    let mut remedies: BTreeMap<String, RemedyTr> =
        parse(lang, "remedies.toml", files("remedies.toml"))?;
    for r in &mut kb.remedies {
        let tr = take(&mut remedies, &file, &r.id)?;
        let at = At {
            file: file.clone(),
            entry: &r.id,
        };
        at.text("title", &mut r.title, tr.title)?;
        at.text("summary", &mut r.summary, tr.summary)?;
        at.text("evidence_note", &mut r.evidence_note, tr.evidence_note)?;
        at.list("how_to", &mut r.how_to, tr.how_to)?;
        let mut cautions: Vec<Text> = r.cautions.iter().map(|c| c.text.clone()).collect();
        at.list("cautions", &mut cautions, tr.cautions)?;
        r.cautions
            .iter_mut()
            .zip(cautions)
            .for_each(|(c, t)| c.text = t);
        let mut reasons: Vec<Text> = r.withhold.iter().map(|w| w.reason.clone()).collect();
        at.list("withhold", &mut reasons, tr.withhold)?;
        r.withhold
            .iter_mut()
            .zip(reasons)
            .for_each(|(w, t)| w.reason = t);
        let action = r.plan.as_mut().map(|p| &mut p.action);
        at.optional("plan_action", action, tr.plan_action)?;
        let correction = r.evidence_correction.as_mut();
        at.optional("evidence_correction", correction, tr.evidence_correction)?;
    }
    no_extra(&remedies, &file)?;

    let file = path("red_flags.toml");
    let mut flags: BTreeMap<String, RedFlagTr> =
        parse(lang, "red_flags.toml", files("red_flags.toml"))?;
    for f in &mut kb.red_flags {
        let tr = take(&mut flags, &file, &f.id)?;
        let at = At {
            file: file.clone(),
            entry: &f.id,
        };
        if tr.headline.chars().count() > 140 {
            return Err(at.err("headline is longer than 140 characters"));
        }
        at.text("title", &mut f.title, tr.title)?;
        at.text("headline", &mut f.headline, tr.headline)?;
        at.text("action", &mut f.action, tr.action)?;
        at.text("possible_cause", &mut f.possible_cause, tr.possible_cause)?;
        let reason = f.withhold.as_mut().map(|w| &mut w.reason);
        at.optional("withhold_reason", reason, tr.withhold_reason)?;
        let mut advice: Vec<Text> = f.implicates.iter().map(|i| i.advice.clone()).collect();
        at.list("implicates", &mut advice, tr.implicates)?;
        f.implicates
            .iter_mut()
            .zip(advice)
            .for_each(|(i, t)| i.advice = t);
        let mut emergency: Vec<Text> = f
            .implicates
            .iter()
            .filter_map(|i| i.emergency_advice.clone())
            .collect();
        at.list(
            "implicates_emergency",
            &mut emergency,
            tr.implicates_emergency,
        )?;
        let mut emergency = emergency.into_iter();
        for slot in f
            .implicates
            .iter_mut()
            .filter_map(|i| i.emergency_advice.as_mut())
        {
            if let Some(t) = emergency.next() {
                *slot = t;
            }
        }
    }
    no_extra(&flags, &file)?;

    let file = path("differentials.toml");
    let mut differentials: BTreeMap<String, DifferentialTr> =
        parse(lang, "differentials.toml", files("differentials.toml"))?;
    for d in &mut kb.differentials {
        let tr = take(&mut differentials, &file, &d.id)?;
        let at = At {
            file: file.clone(),
            entry: &d.id,
        };
        at.text("title", &mut d.title, tr.title)?;
        at.text("summary", &mut d.summary, tr.summary)?;
        at.list(
            "distinguishing_features",
            &mut d.distinguishing_features,
            tr.distinguishing_features,
        )?;
    }
    no_extra(&differentials, &file)?;

    let file = path("medication_classes.toml");
    let mut classes: BTreeMap<String, ClassTr> = parse(
        lang,
        "medication_classes.toml",
        files("medication_classes.toml"),
    )?;
    for c in &mut kb.medication_classes {
        let tr = take(&mut classes, &file, &c.id)?;
        let at = At {
            file: file.clone(),
            entry: &c.id,
        };
        at.text("title", &mut c.title, tr.title)?;
        at.text("evidence_note", &mut c.evidence_note, tr.evidence_note)?;
        at.optional("advice", c.advice.as_mut(), tr.advice)?;
        c.title_lower = super::texts::in_sentence(&c.title, lang);
    }
    no_extra(&classes, &file)?;

    let file = path("questions.toml");
    let mut questions: BTreeMap<String, QuestionTr> =
        parse(lang, "questions.toml", files("questions.toml"))?;
    for q in &mut kb.questions {
        let key = q.field.key().to_owned();
        let id = field_key(q.field);
        let tr = take(&mut questions, &file, id).map_err(|_| {
            KnowledgeError::invalid(&file, &key, "no translation for this question")
        })?;
        let at = At {
            file: file.clone(),
            entry: id,
        };
        at.text("question", &mut q.question, tr.question)?;
        at.text("why", &mut q.why, tr.why)?;
    }
    no_extra(&questions, &file)?;
    super::follow_up::translate(&mut kb.follow_up, lang, files("follow_up.toml"))?;
    Ok(kb)
}

/// The wire name of a question's field (the key its translation is filed under).
fn field_key(field: crate::domain::ProfileField) -> &'static str {
    use crate::domain::ProfileField as F;
    match field {
        F::Pregnancy => "pregnancy",
        F::NightsPerWeek => "nights_per_week",
        F::TypicalDuration => "typical_duration",
        F::OneLegOnly => "one_leg_only",
        F::DisturbsSleep => "disturbs_sleep",
        F::StartedAfterMedicineChange => "started_after_medicine_change",
        F::Medications => "medications",
        F::Conditions => "conditions",
        F::Symptoms => "symptoms",
        F::FluidLitresPerDay => "fluid_litres_per_day",
        F::OnFluidRestriction => "on_fluid_restriction",
        F::AlcoholGramsPerWeek => "alcohol_grams_per_week",
        F::ActivityLevel => "activity_level",
        F::SittingHoursPerDay => "sitting_hours_per_day",
        F::TightBedding => "tight_bedding",
    }
}
