//! Cross-reference and content checks run once on every knowledge set. The engine relies on
//! what is checked here: ids resolve, rules only use findings where findings exist, every
//! entry is graded and sourced, and nothing "not recommended" is offered as a treatment.

use std::collections::HashSet;

use super::{KnowledgeBase, KnowledgeError};
use crate::domain::{CauseRole, EvidenceLevel, PlanPhase, RedFlag, Rule};

struct Ids<'a> {
    sources: HashSet<&'a str>,
    causes: HashSet<&'a str>,
    remedies: HashSet<&'a str>,
    red_flags: HashSet<&'a str>,
    classes: HashSet<&'a str>,
}

pub(super) fn check(kb: &KnowledgeBase) -> Result<(), KnowledgeError> {
    check_meta(kb)?;
    let ids = Ids {
        sources: unique("sources.toml", kb.sources.iter().map(|s| s.id.as_str()))?,
        causes: unique("causes.toml", kb.causes.iter().map(|c| c.id.as_str()))?,
        remedies: unique("remedies.toml", kb.remedies.iter().map(|r| r.id.as_str()))?,
        red_flags: unique("red_flags.toml", kb.red_flags.iter().map(|r| r.id.as_str()))?,
        classes: unique(
            "medication_classes.toml",
            kb.medication_classes.iter().map(|c| c.id.as_str()),
        )?,
    };
    unique(
        "differentials.toml",
        kb.differentials.iter().map(|d| d.id.as_str()),
    )?;
    unique("questions.toml", kb.questions.iter().map(|q| q.field.key()))?;
    check_rule(
        &ids,
        "meta.toml",
        "routine_when",
        &kb.meta.routine_when,
        false,
    )?;

    for s in &kb.sources {
        if s.doi.is_none() && s.pmid.is_none() && s.url.is_none() {
            return Err(KnowledgeError::invalid(
                "sources.toml",
                &s.id,
                "needs a doi, pmid or url",
            ));
        }
        if !s.verified
            && s.unverified_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            return Err(KnowledgeError::invalid(
                "sources.toml",
                &s.id,
                "an unverified source needs an unverified_reason",
            ));
        }
    }
    check_roles(kb)?;
    for c in &kb.causes {
        cited(&ids, "causes.toml", &c.id, &c.source_ids)?;
        for s in &c.signals {
            if !(s.weight > 0.0 && s.weight <= 1.0) {
                return Err(KnowledgeError::invalid(
                    "causes.toml",
                    &c.id,
                    "signal weight must be in (0, 1]",
                ));
            }
            check_rule(&ids, "causes.toml", &c.id, &s.when, false)?;
        }
        if let Some(rule) = &c.exclude_when {
            check_rule(&ids, "causes.toml", &c.id, rule, false)?;
        }
    }
    for r in &kb.remedies {
        cited(&ids, "remedies.toml", &r.id, &r.source_ids)?;
        if r.how_to.is_empty() {
            return Err(KnowledgeError::invalid(
                "remedies.toml",
                &r.id,
                "how_to needs at least one step",
            ));
        }
        for cause in &r.addresses {
            if !ids.causes.contains(cause.as_str()) {
                return Err(KnowledgeError::dangling(
                    "remedies.toml",
                    &r.id,
                    "addresses",
                    cause,
                ));
            }
        }
        if r.evidence == EvidenceLevel::NotRecommended
            && (!r.addresses.is_empty() || r.suggest_when.is_some() || r.plan.is_some())
        {
            return Err(KnowledgeError::invalid(
                "remedies.toml",
                &r.id,
                "a not_recommended remedy may not address causes, be suggested or appear in a plan",
            ));
        }
        if r.plan
            .as_ref()
            .is_some_and(|p| p.phase == PlanPhase::SeekCareNow)
        {
            return Err(KnowledgeError::invalid(
                "remedies.toml",
                &r.id,
                "seek_care_now is reserved for red flags",
            ));
        }
        let rules = r
            .suggest_when
            .iter()
            .chain(r.cautions.iter().filter_map(|c| c.when.as_ref()));
        for rule in rules.chain(r.withhold.iter().map(|w| &w.when)) {
            check_rule(&ids, "remedies.toml", &r.id, rule, true)?;
        }
    }
    for f in &kb.red_flags {
        cited(&ids, "red_flags.toml", &f.id, &f.source_ids)?;
        if f.headline.chars().count() > 140 {
            return Err(KnowledgeError::invalid(
                "red_flags.toml",
                &f.id,
                "headline is longer than 140 characters",
            ));
        }
        check_rule(&ids, "red_flags.toml", &f.id, &f.when, false)?;
        check_flag_effects(&ids, f)?;
    }
    for d in &kb.differentials {
        cited(&ids, "differentials.toml", &d.id, &d.source_ids)?;
        if let Some(rule) = &d.suggest_when {
            check_rule(&ids, "differentials.toml", &d.id, rule, true)?;
        }
    }
    for m in &kb.medication_classes {
        cited(&ids, "medication_classes.toml", &m.id, &m.source_ids)?;
        if m.generic_names.is_empty() {
            return Err(KnowledgeError::invalid(
                "medication_classes.toml",
                &m.id,
                "needs at least one generic name",
            ));
        }
    }
    for q in &kb.questions {
        if let Some(rule) = &q.ask_when {
            check_rule(&ids, "questions.toml", q.field.key(), rule, true)?;
        }
    }
    Ok(())
}

/// A red flag's withheld remedies and implicated classes must exist, and say where they come from.
fn check_flag_effects(ids: &Ids<'_>, f: &RedFlag) -> Result<(), KnowledgeError> {
    const FILE: &str = "red_flags.toml";
    if let Some(w) = &f.withhold {
        cited(ids, FILE, &f.id, &w.source_ids)?;
        if w.remedies.is_empty() || w.reason.trim().is_empty() {
            return Err(KnowledgeError::invalid(
                FILE,
                &f.id,
                "withhold needs remedies and a reason",
            ));
        }
        if let Some(r) = w
            .remedies
            .iter()
            .find(|r| !ids.remedies.contains(r.as_str()))
        {
            return Err(KnowledgeError::dangling(
                FILE,
                &f.id,
                "withhold.remedies",
                r,
            ));
        }
    }
    for i in &f.implicates {
        cited(ids, FILE, &f.id, &i.source_ids)?;
        if !ids.classes.contains(i.class.as_str()) {
            return Err(KnowledgeError::dangling(
                FILE,
                &f.id,
                "implicates.class",
                &i.class,
            ));
        }
        if i.advice.trim().is_empty() {
            return Err(KnowledgeError::invalid(
                FILE,
                &f.id,
                "implicates needs advice",
            ));
        }
        // Beside an emergency flag, a less urgent flag's "tell a GP today" would send the person
        // to a slower route than the triage: each such implication carries its emergency wording.
        let emergency = f.urgency == crate::domain::Urgency::Emergency;
        match (&i.emergency_advice, emergency) {
            (None, false) => {
                return Err(KnowledgeError::invalid(
                    FILE,
                    &f.id,
                    "implicates needs emergency_advice (the flag is not an emergency)",
                ));
            }
            (Some(_), true) => {
                return Err(KnowledgeError::invalid(
                    FILE,
                    &f.id,
                    "implicates of an emergency flag needs no emergency_advice",
                ));
            }
            (Some(text), false) if text.trim().is_empty() => {
                return Err(KnowledgeError::invalid(
                    FILE,
                    &f.id,
                    "implicates has an empty emergency_advice",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_meta(kb: &KnowledgeBase) -> Result<(), KnowledgeError> {
    let m = &kb.meta;
    let date_ok = m.reviewed.len() == 10
        && m.reviewed.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if m.version.trim().is_empty() || !date_ok {
        return Err(KnowledgeError::invalid(
            "meta.toml",
            "(file header)",
            "needs a version and a YYYY-MM-DD reviewed date",
        ));
    }
    for headline in [&m.headlines.routine, &m.headlines.self_care] {
        if headline.chars().count() > 140 {
            return Err(KnowledgeError::invalid(
                "meta.toml",
                "headlines",
                "headline is longer than 140 characters",
            ));
        }
    }
    Ok(())
}

fn unique<'a>(
    file: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashSet<&'a str>, KnowledgeError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(KnowledgeError::DuplicateId {
                file: file.to_owned(),
                id: id.to_owned(),
            });
        }
    }
    Ok(seen)
}

fn cited(
    ids: &Ids<'_>,
    file: &str,
    entry: &str,
    source_ids: &[String],
) -> Result<(), KnowledgeError> {
    if source_ids.is_empty() {
        return Err(KnowledgeError::invalid(
            file,
            entry,
            "needs at least one source",
        ));
    }
    match source_ids
        .iter()
        .find(|s| !ids.sources.contains(s.as_str()))
    {
        Some(missing) => Err(KnowledgeError::dangling(file, entry, "source_ids", missing)),
        None => Ok(()),
    }
}

/// Checks every id a rule names, and that findings are only used where they are known.
fn check_rule(
    ids: &Ids<'_>,
    file: &str,
    entry: &str,
    rule: &Rule,
    findings_allowed: bool,
) -> Result<(), KnowledgeError> {
    if !findings_allowed && rule.uses_findings() {
        return Err(KnowledgeError::invalid(
            file,
            entry,
            "cause_found, red_flag_raised and triage_at_least can only be used in remedy, differential and question rules",
        ));
    }
    let mut problem = None;
    rule.walk(&mut |r| {
        let missing = match r {
            Rule::CauseFound { cause } if !ids.causes.contains(cause.as_str()) => {
                Some(("cause_found", cause))
            }
            Rule::RedFlagRaised { red_flag } if !ids.red_flags.contains(red_flag.as_str()) => {
                Some(("red_flag_raised", red_flag))
            }
            Rule::TakesMedicationClass { class } if !ids.classes.contains(class.as_str()) => {
                Some(("takes_medication_class", class))
            }
            _ => None,
        };
        if let (None, Some((field, target))) = (&problem, missing) {
            problem = Some(KnowledgeError::dangling(file, entry, field, target));
        }
    });
    problem.map_or(Ok(()), Err)
}

/// The engine knows causes by role: exactly one fallback, which has no signals (it is offered
/// only when nothing else explains the cramps), and context causes that do have signals.
fn check_roles(kb: &KnowledgeBase) -> Result<(), KnowledgeError> {
    let fallbacks: Vec<&str> = kb
        .causes
        .iter()
        .filter(|c| c.role == CauseRole::Fallback)
        .map(|c| c.id.as_str())
        .collect();
    if fallbacks.len() != 1 {
        return Err(KnowledgeError::invalid(
            "causes.toml",
            &fallbacks.join(", "),
            "exactly one cause needs role = \"fallback\" (the \"no identifiable cause\" entry)",
        ));
    }
    for c in &kb.causes {
        let signalled = !c.signals.is_empty();
        if signalled == (c.role == CauseRole::Fallback) {
            return Err(KnowledgeError::invalid(
                "causes.toml",
                &c.id,
                "the fallback cause has no signals, and every other cause has at least one",
            ));
        }
    }
    Ok(())
}
