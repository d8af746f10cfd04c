//! The follow-up rules file (`follow_up.toml`): its checks (thresholds in order, review periods
//! for real remedies, every period sourced) and its translation (only the texts: the two
//! reasons and `[texts]`, keyed as in English).

use std::collections::HashSet;

use serde::Deserialize;

use super::translation_checks::{At, parse};
use super::{KnowledgeBase, KnowledgeError};
use crate::domain::{FollowUpRules, Lang};

const FILE: &str = "follow_up.toml";

/// Checks the rules against the rest of the knowledge base.
///
/// # Errors
/// The first problem, naming the entry.
pub(super) fn check(kb: &KnowledgeBase) -> Result<(), KnowledgeError> {
    let rules = &kb.follow_up;
    let bad = |entry: &str, problem: &str| Err(KnowledgeError::invalid(FILE, entry, problem));
    if rules.windows.window_days == 0 || rules.windows.min_days > rules.windows.window_days {
        return bad("windows", "min_days must be between 1 and window_days");
    }
    let v = &rules.verdict;
    if !(v.better_at_most_percent < 0.0 && v.worse_at_least_percent > 0.0) {
        return bad("verdict", "better must be a fall and worse a rise");
    }
    if !(rules.consistent_share > 0.0 && rules.consistent_share <= 1.0) {
        return bad("consistent_share", "must be in (0, 1]");
    }
    if rules.check_in_days == 0 {
        return bad("check_in_days", "must be at least 1");
    }
    let mut seen = HashSet::new();
    for r in &rules.reviews {
        if kb.remedy(&r.remedy_id).is_none() {
            return bad(&r.remedy_id, "review period for an unknown remedy");
        }
        if !seen.insert(r.remedy_id.as_str()) {
            return bad(&r.remedy_id, "two review periods for one remedy");
        }
        if r.weeks == 0 {
            return bad(&r.remedy_id, "weeks must be at least 1");
        }
        // No invented period: each one names the trial that used it.
        if r.source_ids.is_empty() {
            return bad(&r.remedy_id, "a review period needs a source");
        }
        if let Some(missing) = r.source_ids.iter().find(|s| kb.source(s).is_none()) {
            return bad(&r.remedy_id, &format!("unknown source {missing}"));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonTr {
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpTr {
    windows: ReasonTr,
    verdict: ReasonTr,
    texts: crate::domain::FollowUpTexts,
}

/// Replaces the texts of `rules` with their translation in `lang`.
///
/// # Errors
/// A missing, extra or empty text, or one with other `{placeholders}` than the English.
pub(super) fn translate(
    rules: &mut FollowUpRules,
    lang: Lang,
    text: &str,
) -> Result<(), KnowledgeError> {
    let tr: FollowUpTr = parse(lang, FILE, text)?;
    let at = At {
        file: format!("{}/{FILE}", lang.as_str()),
        entry: "(file)",
    };
    at.text(
        "windows.reason",
        &mut rules.windows.reason,
        tr.windows.reason,
    )?;
    at.text(
        "verdict.reason",
        &mut rules.verdict.reason,
        tr.verdict.reason,
    )?;
    let (en, tr) = (&mut rules.texts, tr.texts);
    at.text("texts.better", &mut en.better, tr.better)?;
    at.text("texts.same", &mut en.same, tr.same)?;
    at.text("texts.worse", &mut en.worse, tr.worse)?;
    at.text(
        "texts.too_little_data",
        &mut en.too_little_data,
        tr.too_little_data,
    )?;
    at.text(
        "texts.review_no_change",
        &mut en.review_no_change,
        tr.review_no_change,
    )?;
    at.text(
        "texts.more_frequent",
        &mut en.more_frequent,
        tr.more_frequent,
    )?;
    at.text("texts.keep_going", &mut en.keep_going, tr.keep_going)?;
    at.text(
        "texts.red_flag_first",
        &mut en.red_flag_first,
        tr.red_flag_first,
    )
}

#[cfg(test)]
mod tests {
    use crate::knowledge::{KnowledgeBase, KnowledgeFiles};

    fn with_follow_up(edit: impl Fn(&str) -> String) -> String {
        let files = KnowledgeFiles::embedded();
        let text = edit(files.text("follow_up.toml"));
        match KnowledgeBase::from_files(&files.with_text("follow_up.toml", text)) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    /// No review period without a trial behind it: an unsourced period, one for an unknown
    /// remedy, or one citing an unknown source is rejected at start-up.
    #[test]
    fn a_review_period_must_be_sourced_and_for_a_real_remedy() {
        assert_eq!(with_follow_up(str::to_owned), "");
        let unsourced = with_follow_up(|t| {
            t.replace(r#"source_ids = ["hallegraeff_2012"]"#, "source_ids = []")
        });
        assert!(unsourced.contains("needs a source"), "{unsourced}");
        let unknown = with_follow_up(|t| {
            t.replace(
                r#"remedy_id = "vitamin_b_complex""#,
                r#"remedy_id = "moon_bathing""#,
            )
        });
        assert!(unknown.contains("unknown remedy"), "{unknown}");
        let cited = with_follow_up(|t| t.replace(r#"["chan_1998"]"#, r#"["made_up_2020"]"#));
        assert!(cited.contains("unknown source"), "{cited}");
        let order = with_follow_up(|t| {
            t.replace(
                "better_at_most_percent = -25.0",
                "better_at_most_percent = 5.0",
            )
        });
        assert!(order.contains("better must be a fall"), "{order}");
    }
}
