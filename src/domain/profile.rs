//! The person's profile as the engine sees it: validated, typed, and with "unknown" kept
//! distinct from "no" (every optional answer is an `Option`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::field::{Bounds, Field, MEDICINE_NAME_CHARS};
use super::list::List;
use super::vocabulary::{
    ActivityLevel, Deficiency, MedicalCondition, Muscle, PregnancyStage, SleepPosition, Symptom,
};

/// One reason a profile cannot be built. [`Profile::parse`] returns every one it finds.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    /// A number outside its allowed range ([`Field::bounds`]).
    #[error("{field:?} must be between {} and {}", .bounds.min, .bounds.max)]
    OutOfRange {
        /// The field.
        field: Field,
        /// Its allowed range.
        bounds: Bounds,
    },
    /// A list longer than it may be ([`Field::max_items`]).
    #[error("{field:?} has more than {max} items")]
    TooManyItems {
        /// The list.
        field: Field,
        /// The most items it may have.
        max: usize,
    },
    /// A medicine name that is empty, blank or longer than [`MEDICINE_NAME_CHARS`] allows.
    #[error("medicine {index} must have {} to {} characters and not be blank", MEDICINE_NAME_CHARS.0, MEDICINE_NAME_CHARS.1)]
    BadMedicineName {
        /// Its index in the list.
        index: usize,
    },
    /// The same item appears twice in a list.
    #[error("{field:?} contains {item:?} more than once")]
    DuplicateItem {
        /// The list.
        field: Field,
        /// Index of the second occurrence.
        index: usize,
        /// The repeated item, as submitted.
        item: String,
    },
}

impl ProfileError {
    /// The field the problem is about, and the list index when it is one item of a list.
    pub fn at(&self) -> (Field, Option<usize>) {
        match self {
            Self::OutOfRange { field, .. } | Self::TooManyItems { field, .. } => (*field, None),
            Self::BadMedicineName { index } => (Field::Medications, Some(*index)),
            Self::DuplicateItem { field, index, .. } => (*field, Some(*index)),
        }
    }
}

/// Answers that are each valid but contradict one another (see [`Profile::reconcile`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Inconsistency {
    /// Sitting and standing hours add up to more than a day; neither was used.
    HoursExceedDay {
        /// The sum that was submitted.
        total: f64,
    },
}

impl Inconsistency {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::HoursExceedDay { .. } => "hours_exceed_day",
        }
    }

    /// The answers involved.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Self::HoursExceedDay { .. } => &[Field::SittingHoursPerDay, Field::StandingHoursPerDay],
        }
    }
}

/// Age in whole years, within [`Field::Age`]'s bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Age(u8);

impl Age {
    /// Parses an age in years.
    ///
    /// # Errors
    /// [`ProfileError::OutOfRange`] outside [`Field::Age`]'s bounds.
    pub fn parse(years: i64) -> Result<Self, ProfileError> {
        let bounds = Field::Age.bounds().unwrap_or(Bounds {
            min: 1.0,
            max: 120.0,
        });
        match u8::try_from(years) {
            Ok(y) if bounds.contains(f64::from(y)) => Ok(Self(y)),
            _ => Err(ProfileError::OutOfRange {
                field: Field::Age,
                bounds,
            }),
        }
    }

    /// The age in years.
    pub fn years(self) -> u8 {
        self.0
    }
}

/// What the person reports about the cramps themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrampHistory {
    /// Nights a week with cramps (bounds: [`Field::NightsPerWeek`]).
    pub nights_per_week: Option<i64>,
    /// Usual length of one cramp in minutes (bounds: [`Field::TypicalDurationMinutes`]).
    pub typical_duration_minutes: Option<f64>,
    /// Muscles that cramp, in the order given.
    pub muscles: Vec<Muscle>,
    /// Cramps always in the same single leg.
    pub one_leg_only: Option<bool>,
    /// Cramps wake the person or stop them sleeping.
    pub disturbs_sleep: Option<bool>,
    /// Cramps started or worsened after a medicine was started or its dose changed.
    pub started_after_medicine_change: Option<bool>,
}

/// Daily habits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifestyle {
    /// Litres of fluid drunk a day (bounds: [`Field::FluidLitresPerDay`]).
    pub fluid_litres_per_day: Option<f64>,
    /// A clinician has told the person to limit fluids.
    pub on_fluid_restriction: Option<bool>,
    /// Grams of pure alcohol a week (bounds: [`Field::AlcoholGramsPerWeek`]; a UK unit is 8 g;
    /// a standard drink in Spain or France 10 g, in Austria 20 g).
    pub alcohol_grams_per_week: Option<f64>,
    /// Caffeinated drinks a day (bounds: [`Field::CaffeineDrinksPerDay`]).
    pub caffeine_drinks_per_day: Option<f64>,
    /// Usual activity.
    pub activity_level: Option<ActivityLevel>,
    /// Unusually hard or long exercise in the last day or two.
    pub recent_unusual_exertion: Option<bool>,
    /// Hours sitting a day (bounds: [`Field::SittingHoursPerDay`]).
    pub sitting_hours_per_day: Option<f64>,
    /// Hours standing a day (bounds: [`Field::StandingHoursPerDay`]).
    pub standing_hours_per_day: Option<f64>,
    /// Heavy sweating (heat, work or sport).
    pub heavy_sweating: Option<bool>,
    /// Recent vomiting or diarrhoea.
    pub vomiting_or_diarrhoea: Option<bool>,
}

/// Sleep habits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sleep {
    /// Usual position.
    pub position: Option<SleepPosition>,
    /// Bedding tucked in tightly at the foot of the bed.
    pub tight_bedding: Option<bool>,
}

/// A profile's answers as submitted, before they are checked: anything can be written here.
/// Only [`Profile::parse`] turns one into a [`Profile`]. Lists keep the order they were
/// submitted in, because explanations point into them by index (`/medications/2`); the engine
/// never lets that order change anything else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileDraft {
    /// Age in years.
    pub age: i64,
    /// Pregnancy status, if answered.
    pub pregnancy: Option<PregnancyStage>,
    /// The cramps themselves.
    pub cramps: CrampHistory,
    /// Medicine names as typed.
    pub medications: Vec<String>,
    /// Diagnosed conditions.
    pub conditions: Vec<MedicalCondition>,
    /// Daily habits.
    pub lifestyle: Lifestyle,
    /// Clinician-diagnosed deficiencies.
    pub known_deficiencies: Vec<Deficiency>,
    /// Reported symptoms.
    pub symptoms: Vec<Symptom>,
    /// Sleep habits.
    pub sleep: Sleep,
    /// Whether `medications`, `conditions` and `symptoms` were answered at all (an empty list
    /// means "none", an absent one means "not asked").
    pub answered: Answered,
}

impl ProfileDraft {
    /// A draft with only an age: everything else unknown.
    pub fn with_age(years: i64) -> Self {
        Self {
            age: years,
            ..Self::default()
        }
    }
}

/// A checked profile: every number in its range, every list within its length and without
/// repeats. It can only be built by [`Profile::parse`], and it reads like its draft (it
/// dereferences to it) but cannot be changed, so what the engine sees is always valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    answers: ProfileDraft,
}

impl std::ops::Deref for Profile {
    type Target = ProfileDraft;

    fn deref(&self) -> &ProfileDraft {
        &self.answers
    }
}

/// The engine's tests build many variants of one profile by editing it in place, then re-check
/// it with [`Profile::check`]; outside this crate's tests a profile cannot change.
#[cfg(test)]
impl std::ops::DerefMut for Profile {
    fn deref_mut(&mut self) -> &mut ProfileDraft {
        &mut self.answers
    }
}

#[cfg(test)]
impl Profile {
    /// Re-checks a profile edited in place (tests only).
    pub(crate) fn check(&self) -> Result<(), Vec<ProfileError>> {
        Self::parse(self.answers.clone()).map(drop)
    }
}

/// Which optional lists were present in the request: absent is "unknown", empty is "none".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answered {
    /// `medications` was sent.
    pub medications: bool,
    /// `conditions` was sent.
    pub conditions: bool,
    /// `symptoms` was sent.
    pub symptoms: bool,
}

impl Profile {
    /// Checks every answer of the draft and returns the profile, or every problem found
    /// (ranges first, then list lengths, names and repeats, each in field order). Answers
    /// that are each valid but contradict one another are not errors: see
    /// [`Profile::reconcile`].
    ///
    /// # Errors
    /// Every [`ProfileError`] found.
    pub fn parse(draft: ProfileDraft) -> Result<Self, Vec<ProfileError>> {
        let mut errors = Vec::new();
        if let Err(e) = Age::parse(draft.age) {
            errors.push(e);
        }
        let (c, l) = (&draft.cramps, &draft.lifestyle);
        #[allow(clippy::cast_precision_loss)] // a night count is far below 2^52
        let numbers = [
            (Field::NightsPerWeek, c.nights_per_week.map(|n| n as f64)),
            (Field::TypicalDurationMinutes, c.typical_duration_minutes),
            (Field::FluidLitresPerDay, l.fluid_litres_per_day),
            (Field::AlcoholGramsPerWeek, l.alcohol_grams_per_week),
            (Field::CaffeineDrinksPerDay, l.caffeine_drinks_per_day),
            (Field::SittingHoursPerDay, l.sitting_hours_per_day),
            (Field::StandingHoursPerDay, l.standing_hours_per_day),
        ];
        for (field, value) in numbers {
            if let (Some(v), Some(bounds)) = (value, field.bounds())
                && !bounds.contains(v)
            {
                errors.push(ProfileError::OutOfRange { field, bounds });
            }
        }
        let lengths = [
            (Field::Muscles, c.muscles.len()),
            (Field::Medications, draft.medications.len()),
            (Field::Conditions, draft.conditions.len()),
            (Field::KnownDeficiencies, draft.known_deficiencies.len()),
            (Field::Symptoms, draft.symptoms.len()),
        ];
        for (field, len) in lengths {
            if let Some(max) = field.max_items()
                && len > max
            {
                errors.push(ProfileError::TooManyItems { field, max });
            }
        }
        // An over-long list is reported once, as too long; its items are checked only up to the
        // limit, so a body of thousands of bad items cannot make thousands of errors.
        let within = |field: Field, len: usize| field.max_items().map_or(len, |max| len.min(max));
        let medications = &draft.medications[..within(Field::Medications, draft.medications.len())];
        for (index, name) in medications.iter().enumerate() {
            let chars = name.chars().count();
            let (min, max) = MEDICINE_NAME_CHARS;
            if chars < min || chars > max || is_blank_name(name) {
                errors.push(ProfileError::BadMedicineName { index });
            }
        }
        let muscles = &c.muscles[..within(Field::Muscles, c.muscles.len())];
        unique(&mut errors, Field::Muscles, muscles, |m| m.as_str());
        let conditions = &draft.conditions[..within(Field::Conditions, draft.conditions.len())];
        unique(&mut errors, Field::Conditions, conditions, |c| c.as_str());
        let deficiencies = &draft.known_deficiencies
            [..within(Field::KnownDeficiencies, draft.known_deficiencies.len())];
        unique(&mut errors, Field::KnownDeficiencies, deficiencies, |d| {
            d.as_str()
        });
        let symptoms = &draft.symptoms[..within(Field::Symptoms, draft.symptoms.len())];
        unique(&mut errors, Field::Symptoms, symptoms, |s| s.as_str());
        // Exactly repeated names are rejected (the schema says `uniqueItems`); spellings that only
        // differ in case or spacing are the same medicine, which the engine counts once.
        unique(&mut errors, Field::Medications, medications, String::as_str);
        if errors.is_empty() {
            Ok(Self { answers: draft })
        } else {
            Err(errors)
        }
    }

    /// The age, checked.
    pub fn age(&self) -> Age {
        // In range: the parse checked it (and tests re-check edits with `check`).
        Age(u8::try_from(self.answers.age).unwrap_or(u8::MAX))
    }

    /// The answers, to change and parse again (tests and generators build variants this way).
    pub fn into_draft(self) -> ProfileDraft {
        self.answers
    }

    /// Sets aside answers that are each valid but cannot all be true, and says which. Today one
    /// rule: sitting and standing hours together cannot exceed the 24 hours of a day. When they
    /// do, neither is used (both become unanswered, so no cause rests on a contradiction) and
    /// the answer reports it. JSON Schema cannot state a sum across two fields, so the schema
    /// accepts such a profile and the service keeps to what the schema says.
    pub fn reconcile(&mut self) -> Vec<Inconsistency> {
        let l = &mut self.answers.lifestyle;
        let mut found = Vec::new();
        if let (Some(sitting), Some(standing)) = (l.sitting_hours_per_day, l.standing_hours_per_day)
            && sitting + standing > 24.0
        {
            found.push(Inconsistency::HoursExceedDay {
                total: sitting + standing,
            });
            l.sitting_hours_per_day = None;
            l.standing_hours_per_day = None;
        }
        found
    }

    /// True when any of the given conditions is in the profile.
    pub fn has_condition(&self, condition: MedicalCondition) -> bool {
        self.conditions.contains(&condition)
    }

    /// True when the symptom is reported.
    pub fn has_symptom(&self, symptom: Symptom) -> bool {
        self.symptoms.contains(&symptom)
    }
}

/// The key a medicine name is matched by: compatibility-decomposed (full-width "ｑｕｉｎｉｎｅ" is
/// "quinine", "ﬁ" is "fi"), accents folded ("furosémide" is "furosemide"), invisible characters
/// removed (soft hyphen, zero-width space), lower case, single spaces, trimmed.
pub fn normalise_medicine_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalise_medicine_name_with(name, |c| out.push(c));
    out
}

/// As [`normalise_medicine_name`], handing each character of the key to `emit` instead of
/// building a `String`, so the engine can write keys into a buffer it already has.
pub fn normalise_medicine_name_with(name: &str, mut emit: impl FnMut(char)) {
    let mut started = false;
    let mut space = false;
    let mut push = |c: char| {
        if c.is_whitespace() {
            space = started;
        } else if !is_invisible(c) {
            if space {
                emit(' ');
                space = false;
            }
            started = true;
            if c.is_ascii() {
                emit(c.to_ascii_lowercase());
            } else if matches!(c, 'œ' | 'Œ') {
                // French writes oestrogen with a ligature ("œstradiol") that has no
                // decomposition: folded as the two letters it joins.
                emit('o');
                emit('e');
            } else {
                c.to_lowercase().for_each(&mut emit);
            }
        }
    };
    if name.is_ascii() {
        // The common case: no decomposition, no invisible characters, one-byte lower case.
        name.bytes().for_each(|b| push(char::from(b)));
    } else {
        name.nfkd()
            .filter(|c| !is_combining_mark(*c))
            .for_each(push);
    }
}

/// As [`normalise_medicine_name`], appending the key's UTF-8 bytes to `out` (the engine's
/// stack buffer). An ASCII name, the common case, is written byte by byte straight into the
/// list's storage (inline or, once spilled, its `Vec`): the same key as the general path,
/// without a call per character.
pub fn normalise_medicine_name_into<const N: usize>(name: &str, out: &mut List<u8, N>) {
    // Most names are already a key but for case: ASCII, no space at either end, no run of
    // spaces, no tab or line break. Their key is the name in lower case: copied in one go and
    // lowered in place, checked in the same pass (one pass over a short name, not five).
    let start = out.len();
    out.extend_from_slice(name.as_bytes());
    let mut plain = true;
    // A leading space makes a name not plain, as a run of spaces does.
    let mut previous = b' ';
    for b in &mut out[start..] {
        plain &= b.is_ascii() && !matches!(*b, b'\t'..=b'\r') && !(*b == b' ' && previous == b' ');
        previous = *b;
        b.make_ascii_lowercase();
    }
    if plain && previous != b' ' {
        return;
    }
    out.truncate(start);
    if !name.is_ascii() {
        return normalise_medicine_name_with(name, |c| {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        });
    }
    match out {
        // An ASCII key is never longer than the name, so every push fits.
        List::Inline(inline) if inline.remaining_capacity() >= name.len() => {
            ascii_key(name, |b| inline.push(b));
        }
        List::Heap(heap) => ascii_key(name, |b| heap.push(b)),
        List::Inline(_) => ascii_key(name, |b| out.push(b)),
    }
}

/// The general path of [`normalise_medicine_name_with`] for an ASCII name, a byte at a time.
fn ascii_key(name: &str, mut emit: impl FnMut(u8)) {
    let mut started = false;
    let mut space = false;
    for &b in name.as_bytes() {
        // `char::is_whitespace` on ASCII: space, tab, line feed, vertical tab, form feed,
        // carriage return. ASCII has no invisible characters to drop.
        if matches!(b, b' ' | b'\t'..=b'\r') {
            space = started;
        } else {
            if space {
                emit(b' ');
                space = false;
            }
            started = true;
            emit(b.to_ascii_lowercase());
        }
    }
}

/// Unicode's default-ignorable code points: they change nothing a reader sees, so a name
/// carrying them (pasted from a web page, or on purpose) is the same name.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether a medicine name has no character but white space, control characters, invisible
/// characters and combining marks: exactly the characters
/// [`MEDICINE_NAME_PATTERN`](super::field::MEDICINE_NAME_PATTERN) sets aside, so the service
/// refuses a name if and only if the schema does. (The matcher sets aside a few more, outside
/// the blocks the pattern lists; a name of only those is accepted, matches no medicine and is
/// listed as unrecognised, as the schema allows.) Such a name is refused as an empty one is.
fn is_blank_name(name: &str) -> bool {
    name.chars().all(pattern_sets_aside)
}

/// Whether the schema's pattern sets `c` aside: ECMA-262's `\s`, or one of the pattern's
/// `\uXXXX` ranges ([`super::field::MEDICINE_NAME_SET_ASIDE`]).
fn pattern_sets_aside(c: char) -> bool {
    let code = u32::from(c);
    is_ecma_whitespace(c)
        || super::field::MEDICINE_NAME_SET_ASIDE
            .iter()
            .any(|&(from, to)| (from..=to).contains(&code))
}

/// Whitespace as ECMA-262 (and so the schema's `\s`) defines it, which differs from Rust's
/// `char::is_whitespace` (U+0085 is not, U+FEFF is).
fn is_ecma_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Reports each item that repeats an earlier one.
fn unique<T>(errors: &mut Vec<ProfileError>, field: Field, items: &[T], key: impl Fn(&T) -> &str) {
    // Every list is short (at most `Field::max_items`, 50 medicines), so comparing each item
    // with those before it is cheaper than hashing, and a list without repeats, the usual
    // case, allocates nothing: a key is copied only into the error that names it.
    for (index, item) in items.iter().enumerate() {
        let k = key(item);
        if items[..index].iter().any(|earlier| key(earlier) == k) {
            errors.push(ProfileError::DuplicateItem {
                field,
                index,
                item: k.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern's `\uXXXX` ranges, read back from the pattern itself.
    fn pattern_ranges() -> Vec<(u32, u32)> {
        let class = super::super::field::MEDICINE_NAME_PATTERN
            .strip_prefix("[^\\s")
            .and_then(|p| p.strip_suffix(']'))
            .expect("a negated class starting with \\s");
        // `\u0000-\u001f\u00ad`: "0000-", "001f", "00ad".
        let mut tokens = class.split("\\u").skip(1);
        let mut ranges = Vec::new();
        while let Some(token) = tokens.next() {
            let from = u32::from_str_radix(token.trim_end_matches('-'), 16).unwrap();
            let to = if token.ends_with('-') {
                u32::from_str_radix(tokens.next().unwrap(), 16).unwrap()
            } else {
                from
            };
            ranges.push((from, to));
        }
        ranges
    }

    #[test]
    fn the_code_sets_aside_exactly_the_ranges_the_pattern_states() {
        assert_eq!(
            pattern_ranges(),
            super::super::field::MEDICINE_NAME_SET_ASIDE
        );
    }

    #[test]
    fn a_name_the_pattern_refuses_is_refused_and_a_name_with_a_letter_is_not() {
        let mut set_aside = 0;
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            if pattern_sets_aside(c) {
                set_aside += 1;
                assert!(is_blank_name(&c.to_string()), "U+{:04X}", u32::from(c));
                assert!(
                    is_blank_name(&format!(" {c}{c} ")),
                    "U+{:04X}",
                    u32::from(c)
                );
                assert!(
                    !is_blank_name(&format!("{c}a{c}")),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        assert!(set_aside > 400, "{set_aside}");
        for name in ["\u{85}", "\u{1}", "\u{301}", " \u{200b}\t"] {
            assert!(is_blank_name(name), "{name:?}");
        }
        // Whatever the pattern accepts is accepted, also what the matcher later sets aside.
        for name in [
            "a",
            "5-FU",
            "\u{85}quinine",
            "e\u{301}",
            "Ω",
            "\u{a8}",
            "\u{903}",
            "\u{e0001}",
        ] {
            assert!(!is_blank_name(name), "{name:?}");
        }
    }

    #[test]
    fn age_accepts_the_documented_range_and_nothing_else() {
        for (years, ok) in [
            (0, false),
            (1, true),
            (120, true),
            (121, false),
            (-5, false),
        ] {
            assert_eq!(Age::parse(years).is_ok(), ok, "age {years}");
        }
    }

    #[test]
    fn exactly_repeated_medicines_are_rejected_but_spelling_variants_are_not() {
        let mut d = ProfileDraft::with_age(40);
        d.medications = vec!["Furosemide".into(), "Furosemide".into()];
        assert!(matches!(
            Profile::parse(d.clone()).err().as_deref(),
            Some([ProfileError::DuplicateItem { index: 1, .. }])
        ));
        d.medications = vec!["Furosemide".into(), "  furosemide ".into()];
        assert!(Profile::parse(d).is_ok());
    }

    #[test]
    fn the_parse_reports_every_problem_not_the_first() {
        let mut d = ProfileDraft::with_age(0);
        d.cramps.nights_per_week = Some(8);
        d.conditions = vec![MedicalCondition::Diabetes, MedicalCondition::Diabetes];
        d.medications = vec![" ".into()];
        let at: Vec<_> = Profile::parse(d)
            .unwrap_err()
            .iter()
            .map(ProfileError::at)
            .collect();
        assert_eq!(
            at,
            [
                (Field::Age, None),
                (Field::NightsPerWeek, None),
                (Field::Medications, Some(0)),
                (Field::Conditions, Some(1)),
            ]
        );
    }

    #[test]
    fn sitting_and_standing_over_a_day_are_set_aside_and_reported() {
        let mut d = ProfileDraft::with_age(40);
        d.lifestyle.sitting_hours_per_day = Some(16.0);
        d.lifestyle.standing_hours_per_day = Some(9.0);
        let mut p = Profile::parse(d).expect("each answer is valid");
        assert_eq!(
            p.reconcile(),
            vec![Inconsistency::HoursExceedDay { total: 25.0 }]
        );
        assert_eq!(p.lifestyle.sitting_hours_per_day, None);
        assert_eq!(p.lifestyle.standing_hours_per_day, None);
        let mut d = p.into_draft();
        d.lifestyle.sitting_hours_per_day = Some(16.0);
        d.lifestyle.standing_hours_per_day = Some(8.0);
        let mut p = Profile::parse(d).expect("each answer is valid");
        assert!(p.reconcile().is_empty());
        assert_eq!(p.lifestyle.sitting_hours_per_day, Some(16.0));
    }
}
