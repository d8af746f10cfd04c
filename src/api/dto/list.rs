//! A list in an answer, written straight from the engine's items.
//!
//! An answer's lists (causes and their reasons, remedies, plan steps, ...) were each collected
//! into a `Vec` of wire items first, one heap allocation per list for every answer. A
//! [`WireList`] turns each engine item into its wire form as it is written, so serialising an
//! answer allocates nothing but its output buffer.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::knowledge::KnowledgeBase;

/// The engine's `items`, each written as `wire(item, kb)`. Its schema is the wire item's array
/// (each field names it with `#[schema(value_type = Vec<...>)]`).
pub struct WireList<'a, T, W> {
    items: &'a [T],
    kb: &'a KnowledgeBase,
    wire: fn(&'a T, &'a KnowledgeBase) -> W,
}

impl<'a, T, W> WireList<'a, T, W> {
    /// The list of `items` in their wire form `wire`, which may read the answer's knowledge base.
    pub(crate) fn new(
        items: &'a [T],
        kb: &'a KnowledgeBase,
        wire: fn(&'a T, &'a KnowledgeBase) -> W,
    ) -> Self {
        Self { items, kb, wire }
    }
}

impl<T, W: Serialize> Serialize for WireList<'_, T, W> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items.iter().map(|item| (self.wire)(item, self.kb)))
    }
}

impl<T, W> fmt::Debug for WireList<'_, T, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WireList({} items)", self.items.len())
    }
}
