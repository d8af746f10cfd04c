//! JSON pointers into the request, without allocating: the engine records where an answer
//! came from as a small `Copy` value and the API renders it as text (`/symptoms/2`).

use std::fmt;

/// A JSON Pointer (RFC 6901) into the submitted profile.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pointer {
    /// The whole profile (`""`).
    Root,
    /// A single field, e.g. `/cramps/nights_per_week`.
    Field(&'static str),
    /// An item of a list, e.g. `/symptoms` + 2.
    Item(&'static str, usize),
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => Ok(()),
            Self::Field(field) => f.write_str(field),
            Self::Item(list, index) => write!(f, "{list}/{index}"),
        }
    }
}

/// Debug output is the pointer text, so test failures and snapshots read like the wire format.
impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

impl PartialEq<&str> for Pointer {
    fn eq(&self, other: &&str) -> bool {
        match self {
            Self::Root => other.is_empty(),
            Self::Field(field) => field == other,
            Self::Item(list, index) => other
                .strip_prefix(list)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|i| i == index.to_string()),
        }
    }
}

/// Appends `pointer` unless it is already in `pointers` (lists are short: a linear scan beats hashing).
pub(crate) fn push_unique(pointers: &mut Vec<Pointer>, pointer: Pointer) {
    if pointer != Pointer::Root && !pointers.contains(&pointer) {
        pointers.push(pointer);
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn pointers_render_as_rfc_6901_text() {
        assert_eq!(Pointer::Root.to_string(), "");
        assert_eq!(Pointer::Field("/age").to_string(), "/age");
        assert_eq!(Pointer::Item("/symptoms", 2).to_string(), "/symptoms/2");
        assert!(Pointer::Item("/symptoms", 12) == "/symptoms/12");
        assert!(Pointer::Item("/symptoms", 1) != "/symptoms/12");
    }
}
