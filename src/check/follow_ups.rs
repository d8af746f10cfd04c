//! The follow-up cases of the check: each published example diary is answered with 200, in
//! the documented shape, the same way twice, in every language with the same skeleton; a red
//! flag comes first in the advice, and "better" never answers more cramp nights.

use serde_json::Value;

use super::schema::Shape;
use super::{CaseResult, Checker, OTHER_LANGUAGES};
use crate::examples::DIARIES;

const PATH: &str = "/v1/follow-ups";

/// The safety rules a follow-up answer must keep.
fn broken(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let escalation = &body["escalation"];
    let flagged = escalation["triage"]["red_flags"]
        .as_array()
        .is_some_and(|f| !f.is_empty());
    if flagged && escalation["advice"][0]["kind"] != "red_flag_first" {
        out.push("a red flag is raised but the advice does not put it first".to_owned());
    }
    let trend = &body["trend"];
    let nights = |w: &str| trend[w]["cramp_nights"].as_u64();
    if trend["verdict"] == "better"
        && let (Some(before), Some(after)) = (nights("baseline"), nights("latest"))
        && after > before
    {
        out.push(format!(
            "verdict better with {after} cramp nights against {before}"
        ));
    }
    out
}

impl Checker {
    /// The cases of every example diary.
    pub(super) async fn follow_ups(&self) -> Vec<CaseResult> {
        let mut results = Vec::new();
        for diary in DIARIES {
            let mut failures = Vec::new();
            if let Some((body, bytes)) = self
                .answer(PATH, Shape::FollowUp, diary.json, None, &mut failures)
                .await
            {
                failures.extend(
                    broken(&body)
                        .into_iter()
                        .map(|v| format!("{PATH}: safety: {v}")),
                );
                match self
                    .post(PATH, diary.json.to_owned(), Some("application/json"), None)
                    .await
                {
                    Ok(again) if again.bytes != bytes => {
                        failures.push(format!("{PATH}: the same request gave a different answer"))
                    }
                    Err(e) => failures.push(e),
                    Ok(_) => {}
                }
                for language in OTHER_LANGUAGES {
                    if let Some((translated, _)) = self
                        .answer(
                            PATH,
                            Shape::FollowUp,
                            diary.json,
                            Some(language),
                            &mut failures,
                        )
                        .await
                    {
                        failures.extend(
                            broken(&translated)
                                .into_iter()
                                .map(|v| format!("{PATH} [{language}]: safety: {v}")),
                        );
                        if super::skeleton(&translated, "") != super::skeleton(&body, "") {
                            failures.push(format!(
                                "{PATH} [{language}]: ids, order or numbers differ from English"
                            ));
                        }
                    }
                }
            }
            results.push(CaseResult {
                name: format!("diary {}", diary.name),
                failures,
            });
        }
        results
    }
}
