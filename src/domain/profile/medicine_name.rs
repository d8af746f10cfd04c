//! The key a medicine name is matched by, and what counts as a blank one.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::domain::list::List;

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
pub(super) fn is_blank_name(name: &str) -> bool {
    name.chars().all(pattern_sets_aside)
}

/// Whether the schema's pattern sets `c` aside: ECMA-262's `\s`, or one of the pattern's
/// `\uXXXX` ranges ([`super::field::MEDICINE_NAME_SET_ASIDE`]).
pub(super) fn pattern_sets_aside(c: char) -> bool {
    let code = u32::from(c);
    is_ecma_whitespace(c)
        || crate::domain::field::MEDICINE_NAME_SET_ASIDE
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
