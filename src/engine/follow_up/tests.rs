//! Follow-up property tests: a red flag in the diary sets the triage exactly as an assessment
//! with that symptom; "better" never answers a latest window with more cramp nights; the order
//! of the diary changes nothing.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use super::{AdoptedStep, DiaryEntry, FollowUpInput, Verdict, escalate, follow_up};
use crate::domain::{Day, Profile, ProfileDraft, Symptom};
use crate::engine::assess;
use crate::knowledge::KnowledgeBase;

static KB: LazyLock<KnowledgeBase> =
    LazyLock::new(|| KnowledgeBase::embedded().expect("the embedded knowledge base loads"));

const START: i64 = 20_400; // 2025-11-07

fn today() -> Day {
    Day::from_days(START + 400)
}

fn entry(day: i64, cramps: u32) -> DiaryEntry {
    DiaryEntry {
        date: Day::from_days(START + day),
        cramps,
        longest_minutes: (cramps > 0).then_some(2.0),
        woke: Some(cramps > 0),
        steps_done: vec!["bedtime_stretching".into()],
        new_symptoms: Vec::new(),
    }
}

fn adult(age: i64, symptoms: Vec<Symptom>) -> Profile {
    let mut draft = ProfileDraft::with_age(age);
    draft.symptoms = symptoms;
    draft.answered.symptoms = true;
    Profile::parse(draft).expect("valid")
}

/// A diary: distinct days in 0..120, each with 0–3 cramps, sometimes a long one, sometimes
/// symptoms.
fn arb_diary() -> impl Strategy<Value = Vec<DiaryEntry>> {
    prop::collection::btree_map(
        0_i64..120,
        (
            0_u32..4,
            prop::option::of(0.0_f64..30.0),
            subsequence(Symptom::ALL, 0..=2),
        ),
        0..90,
    )
    .prop_map(|days| {
        days.into_iter()
            .map(|(day, (cramps, longest, symptoms))| DiaryEntry {
                longest_minutes: longest,
                new_symptoms: symptoms,
                ..entry(day, cramps)
            })
            .collect()
    })
}

fn input(diary: Vec<DiaryEntry>) -> FollowUpInput {
    FollowUpInput {
        adopted: vec![AdoptedStep {
            remedy_id: "bedtime_stretching".into(),
            started: Day::from_days(START),
        }],
        diary,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A symptom written in the diary sets the follow-up's triage (level, headline and flags)
    /// exactly as an assessment of the profile with that symptom does.
    #[test]
    fn a_diary_red_flag_triages_as_the_assessment(
        age in 18_i64..95,
        symptom in select(Symptom::ALL),
        day in 0_i64..60,
    ) {
        let mut diary: Vec<DiaryEntry> = (0..60).map(|d| entry(d, 1)).collect();
        diary[usize::try_from(day).unwrap()].new_symptoms.push(symptom);
        let input = input(diary);
        let base = adult(age, Vec::new());
        let escalated = escalate(&base, &input);
        let answer = follow_up(&input, &escalated, &KB, today());
        let mut with_symptom = ProfileDraft::with_age(age);
        with_symptom.symptoms = vec![symptom];
        with_symptom.answered.symptoms = true;
        with_symptom.cramps.typical_duration_minutes = Some(2.0);
        let profile = Profile::parse(with_symptom).expect("valid");
        let expected = assess(&profile, &KB);
        prop_assert_eq!(answer.assessment.triage.level, expected.triage.level);
        prop_assert_eq!(answer.assessment.triage.headline, expected.triage.headline);
        let ids = |t: &crate::engine::Triage<'_>| -> Vec<String> {
            t.red_flags.iter().map(|r| r.flag.id.clone()).collect()
        };
        prop_assert_eq!(ids(&answer.assessment.triage), ids(&expected.triage));
        // A flag the diary raised is dated by the day it was written.
        for since in &answer.flag_since {
            prop_assert_eq!(*since, Some(Day::from_days(START + day)));
        }
    }

    /// A night with a cramp over ten minutes raises the prolonged-cramp flag, as the profile's
    /// usual cramp length does.
    #[test]
    fn a_long_night_cramp_triages_as_a_long_usual_cramp(minutes in 0.0_f64..40.0) {
        let mut diary: Vec<DiaryEntry> = (0..30).map(|d| entry(d, 1)).collect();
        diary[10].longest_minutes = Some(minutes);
        let input = input(diary);
        let base = adult(50, Vec::new());
        let escalated = escalate(&base, &input);
        let answer = follow_up(&input, &escalated, &KB, today());
        let mut draft = ProfileDraft::with_age(50);
        draft.symptoms = Vec::new();
        draft.answered.symptoms = true;
        draft.cramps.typical_duration_minutes = Some(minutes.max(2.0));
        let profile = Profile::parse(draft).expect("valid");
        let expected = assess(&profile, &KB);
        prop_assert_eq!(answer.assessment.triage.level, expected.triage.level);
        let raised = answer.assessment.triage.red_flags.iter().any(|r| r.flag.id == "prolonged_cramp");
        prop_assert_eq!(raised, minutes > 10.0);
    }

    /// The verdict is never "better" when the latest window has more cramp nights than the
    /// baseline, in all or a week.
    #[test]
    fn never_better_with_more_cramp_nights(diary in arb_diary()) {
        let input = input(diary);
        let base = adult(60, Vec::new());
        let escalated = escalate(&base, &input);
        let answer = follow_up(&input, &escalated, &KB, today());
        if let (Some(b), Some(l)) = (&answer.trend.baseline, &answer.trend.latest)
            && (l.cramp_nights > b.cramp_nights || l.nights_per_week() > b.nights_per_week())
        {
            prop_assert_ne!(answer.trend.verdict, Verdict::Better);
        }
    }

    /// Nothing in the answer depends on the order of the diary entries.
    #[test]
    fn diary_order_changes_nothing(
        diary in arb_diary(),
        seed in any::<u64>(),
    ) {
        let mut shuffled = diary.clone();
        // A deterministic shuffle from the seed.
        let n = shuffled.len();
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = usize::try_from(state % (i as u64 + 1)).unwrap();
            shuffled.swap(i, j);
        }
        let base = adult(70, vec![Symptom::NumbnessOrTingling]);
        let (a, b) = (input(diary), input(shuffled));
        let (ea, eb) = (escalate(&base, &a), escalate(&base, &b));
        let (fa, fb) = (follow_up(&a, &ea, &KB, today()), follow_up(&b, &eb, &KB, today()));
        prop_assert_eq!(&fa.assessment.triage.level, &fb.assessment.triage.level);
        let flags = |f: &super::FollowUp<'_>| -> Vec<String> {
            f.assessment.triage.red_flags.iter().map(|r| r.flag.id.clone()).collect()
        };
        prop_assert_eq!(flags(&fa), flags(&fb));
        prop_assert_eq!(&fa.flag_since, &fb.flag_since);
        prop_assert_eq!(&fa.coverage, &fb.coverage);
        prop_assert_eq!(&fa.trend, &fb.trend);
        prop_assert_eq!(&fa.adherence, &fb.adherence);
        prop_assert_eq!(&fa.advice, &fb.advice);
        prop_assert_eq!(&fa.next, &fb.next);
        prop_assert_eq!(&fa.series, &fb.series);
        let plan = |f: &super::FollowUp<'_>| -> Vec<Option<String>> {
            f.assessment.relief_plan.iter().map(|s| s.remedy_id.map(str::to_owned)).collect()
        };
        prop_assert_eq!(plan(&fa), plan(&fb));
    }
}

/// Six weeks of nightly stretching with no change: the sourced review advice appears.
#[test]
fn six_weeks_of_stretching_without_change_advises_a_review() {
    let diary: Vec<DiaryEntry> = (0..42).map(|d| entry(d, u32::from(d % 2 == 0))).collect();
    let input = input(diary);
    let base = adult(66, Vec::new());
    let escalated = escalate(&base, &input);
    let answer = follow_up(&input, &escalated, &KB, today());
    assert_eq!(answer.trend.verdict, Verdict::Same);
    let kinds: Vec<&str> = answer.advice.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, ["review_no_change"]);
    assert_eq!(answer.advice[0].source_ids, ["hallegraeff_2012".to_owned()]);
}

/// Under an urgent flag from the diary the flag's action is the advice: no "keep going" with a
/// habit beside it.
#[test]
fn an_urgent_diary_flag_leaves_only_the_flag_first_advice() {
    let mut diary: Vec<DiaryEntry> = (0..20).map(|d| entry(d, 1)).collect();
    diary[12].new_symptoms = vec![Symptom::OneSidedCalfSwelling];
    let input = input(diary);
    let base = adult(58, Vec::new());
    let escalated = escalate(&base, &input);
    let answer = follow_up(&input, &escalated, &KB, today());
    assert_eq!(
        answer.assessment.triage.level,
        crate::domain::TriageLevel::Urgent
    );
    let kinds: Vec<&str> = answer.advice.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, ["red_flag_first"]);
}
