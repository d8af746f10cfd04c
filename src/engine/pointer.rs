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

/// Appends `pointer` unless it is already in `pointers` (lists are short: a linear scan beats hashing).
pub(crate) fn push_unique<const N: usize>(
    pointers: &mut super::List<Pointer, N>,
    pointer: Pointer,
) {
    if pointer != Pointer::Root && !pointers.contains(&pointer) {
        pointers.push(pointer);
    }
}
