//! The profile the red-flag engine sees for a follow-up: the person's profile with the diary's
//! new symptoms added (each once) and, when a night's longest cramp was longer than the
//! profile's usual one, that length as the usual cramp length. So a warning sign written in
//! the diary raises the same flag, and sets the same triage, as it would in the profile.

use super::{DiaryEntry, FollowUpInput};
use crate::domain::{Day, Field, Profile, ProfileDraft};
use crate::engine::Pointer;

/// The escalated profile and where its added answers came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalated {
    /// The profile with the diary's symptoms and longest cramp.
    pub profile: Profile,
    /// For each symptom of the escalated profile, by index: the first diary day that reported
    /// it, or `None` when the profile already had it.
    symptom_since: Vec<Option<Day>>,
    /// The diary day whose cramp became the usual cramp length, if one did.
    duration_since: Option<Day>,
}

impl Escalated {
    /// The diary day that raised a flag with these pointers: the latest diary day among the
    /// answers it rests on (the flag holds from then), or `None` when the profile alone
    /// raises it.
    pub fn since(&self, pointers: &[Pointer]) -> Option<Day> {
        pointers
            .iter()
            .filter_map(|p| match *p {
                Pointer::Item(Field::Symptoms, i) => self.symptom_since.get(i).copied().flatten(),
                Pointer::Field(Field::TypicalDurationMinutes) => self.duration_since,
                _ => None,
            })
            .max()
    }
}

/// Adds the diary to the profile. Diary order does not matter: entries are read by date.
pub fn escalate(profile: &Profile, input: &FollowUpInput) -> Escalated {
    let mut diary: Vec<&DiaryEntry> = input.diary.iter().collect();
    diary.sort_by_key(|e| e.date);
    let mut draft: ProfileDraft = (**profile).clone();
    let mut symptom_since: Vec<Option<Day>> = vec![None; draft.symptoms.len()];
    for entry in &diary {
        for symptom in &entry.new_symptoms {
            if !draft.symptoms.contains(symptom) {
                draft.symptoms.push(*symptom);
                symptom_since.push(Some(entry.date));
            }
        }
    }
    if !symptom_since.is_empty() {
        draft.answered.symptoms = true;
    }
    // The longest cramp of the diary (the first night it was noted, if several).
    let longest = diary
        .iter()
        .filter_map(|e| e.longest_minutes.map(|m| (m, e.date)))
        .fold(None::<(f64, Day)>, |best, (m, d)| match best {
            Some((b, _)) if b >= m => best,
            _ => Some((m, d)),
        });
    let mut duration_since = None;
    if let Some((minutes, day)) = longest
        && draft
            .cramps
            .typical_duration_minutes
            .is_none_or(|usual| minutes > usual)
    {
        draft.cramps.typical_duration_minutes = Some(minutes);
        duration_since = Some(day);
    }
    match Profile::parse(draft) {
        Ok(profile) => Escalated {
            profile,
            symptom_since,
            duration_since,
        },
        // Cannot happen: symptoms stay unique and within the vocabulary's size, and the edge
        // bounds a diary's minutes as the profile's. Fall back to the profile unchanged.
        Err(_) => Escalated {
            profile: profile.clone(),
            symptom_since: vec![None; profile.symptoms.len()],
            duration_since: None,
        },
    }
}
