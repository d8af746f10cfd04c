use super::medicine_name::pattern_sets_aside;
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
