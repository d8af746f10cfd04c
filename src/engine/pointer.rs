//! Where an answer came from, without allocating: the engine records it as a small `Copy` value
//! naming the profile [`Field`] (and the list index), and the HTTP edge renders it as a JSON
//! pointer (`/symptoms/2`). The engine never writes a path itself.

use crate::domain::Field;

/// A place in the submitted profile.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pointer {
    /// The whole profile.
    Root,
    /// A single field, e.g. the nights a week.
    Field(Field),
    /// An item of a list field, e.g. the third symptom (`Symptoms`, 2).
    Item(Field, usize),
}

impl Pointer {
    /// The field pointed at (`None` for the whole profile).
    pub fn field(self) -> Option<Field> {
        match self {
            Self::Root => None,
            Self::Field(field) | Self::Item(field, _) => Some(field),
        }
    }
}

/// Compact, so test failures and pretty-printed assessments stay one line per pointer:
/// `Root`, `Age`, `Symptoms[2]`.
impl std::fmt::Debug for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Root => f.write_str("Root"),
            Self::Field(field) => write!(f, "{field:?}"),
            Self::Item(field, index) => write!(f, "{field:?}[{index}]"),
        }
    }
}

/// Keeps each pointer of a list once. The pointers seen so far are a set of one bit each (by a
/// cheap hash, so two may share a bit): a pointer whose bit is not set yet is certainly new,
/// and only the others are looked for in the list (a linear scan: lists are short). A long
/// list (a rule citing 50 medicines) is then not compared pairwise.
#[derive(Default)]
pub(crate) struct Seen(u128);

impl Seen {
    /// Whether `pointer` should be appended to `kept`: not the whole profile (never a reason),
    /// and not already there, given that `self` has seen every pointer of `kept`. Marks it
    /// seen.
    pub(crate) fn is_new(&mut self, kept: &[Pointer], pointer: Pointer) -> bool {
        self.is_new_by(pointer, || kept.contains(&pointer))
    }

    /// As [`Self::is_new`], with `kept_has` saying whether the kept items hold `pointer`
    /// (for items that carry a pointer, such as a rule's hits).
    pub(crate) fn is_new_by(&mut self, pointer: Pointer, kept_has: impl FnOnce() -> bool) -> bool {
        let (field, index) = match pointer {
            Pointer::Root => return false,
            Pointer::Field(field) => (field, 0),
            Pointer::Item(field, index) => (field, index + 1),
        };
        let bit = 1 << ((field as usize * 37 + index) % 128);
        let new = self.0 & bit == 0 || !kept_has();
        self.0 |= bit;
        new
    }
}
