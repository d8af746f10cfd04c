//! [`List`]: a short list, inline up to `N` items and in a `Vec` beyond (the engine's output lists,
//! the medicine matcher's scratch). In the domain so the knowledge base may use it too.
//!
//! An assessment is a tree of short lists (causes and their reasons, remedies and their
//! cautions, plan steps and their explanations). As `Vec`s they cost one heap allocation each,
//! about 70 for a typical profile. A `List` keeps its first `N` items inline and moves them to
//! a `Vec` when one more comes: nothing is ever dropped or truncated, a longer list only
//! allocates. The inline sizes (in `engine::mod`) cover a typical profile.
//!
//! Built on `arrayvec` rather than `smallvec` because `SmallVec<[T; N]>` is invariant in `T`,
//! which would make an `Assessment<'kb>` invariant in `'kb`; a `List` stays covariant, so code
//! that borrows an assessment reads it exactly as it read the `Vec`s.

use arrayvec::ArrayVec;

/// A list that keeps up to `N` items inline. It reads as a slice (`iter`, `len`, indexing,
/// `&list[..]`) and is built with `push`, `extend` or `collect`.
#[derive(Clone)]
pub enum List<T, const N: usize> {
    /// Up to `N` items, in place.
    Inline(ArrayVec<T, N>),
    /// More than `N` items (once spilled, it stays on the heap).
    Heap(Vec<T>),
}

impl<T, const N: usize> List<T, N> {
    /// The room a list gets when it first spills: twice its inline size, and at least 16
    /// items. A list that spills is a long one (the full profile: 14 red flags, 16 causes,
    /// 45 medicines), and doubling from a small start cost a reallocation per doubling.
    const SPILLED: usize = if 2 * N > 16 { 2 * N } else { 16 };

    /// An empty list (allocates nothing).
    #[inline]
    pub const fn new() -> Self {
        Self::Inline(ArrayVec::new_const())
    }

    /// An empty list with room for `capacity` items: inline when they fit, else on the heap
    /// at once (one allocation instead of a spill and regrowths when the count is known).
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        if capacity <= N {
            Self::new()
        } else {
            Self::Heap(Vec::with_capacity(capacity))
        }
    }

    /// Makes room for `additional` more items: nothing when they fit inline, else one heap
    /// buffer of at least the needed size (one allocation instead of a spill and regrowths,
    /// when the caller knows how many items will come).
    #[inline]
    pub fn reserve(&mut self, additional: usize) {
        match self {
            Self::Inline(inline) if inline.remaining_capacity() >= additional => {}
            Self::Inline(inline) => {
                let mut heap = Vec::with_capacity((inline.len() + additional).max(Self::SPILLED));
                heap.extend(inline.drain(..));
                *self = Self::Heap(heap);
            }
            Self::Heap(heap) => heap.reserve(additional),
        }
    }

    /// Appends an item, moving the list to the heap when it is full inline.
    #[inline]
    pub fn push(&mut self, item: T) {
        match self {
            Self::Inline(inline) => {
                if let Err(full) = inline.try_push(item) {
                    self.spill(full.element());
                }
            }
            Self::Heap(heap) => heap.push(item),
        }
    }

    /// Appends the item `make` builds. Room is made before the item is built, so a large item
    /// (a 240-byte plan step) can be built where it stays instead of on the stack and then
    /// copied in.
    #[inline]
    pub fn push_with(&mut self, make: impl FnOnce() -> T) {
        if let Self::Inline(inline) = self
            && inline.is_full()
        {
            self.reserve(1);
        }
        match self {
            Self::Inline(inline) => inline.push(make()),
            Self::Heap(heap) => heap.push(make()),
        }
    }

    /// Moves a full inline list to the heap, then appends `item`.
    #[cold]
    fn spill(&mut self, item: T) {
        if let Self::Inline(inline) = self {
            let mut heap = Vec::with_capacity(Self::SPILLED);
            heap.extend(inline.drain(..));
            heap.push(item);
            *self = Self::Heap(heap);
        }
    }

    /// Appends copies of `items`, in one copy (moving the list to the heap when they do not fit
    /// inline).
    #[inline]
    pub fn extend_from_slice(&mut self, items: &[T])
    where
        T: Copy,
    {
        if let Self::Inline(inline) = self
            && inline.try_extend_from_slice(items).is_ok()
        {
            return;
        }
        self.reserve(items.len());
        if let Self::Heap(heap) = self {
            heap.extend_from_slice(items);
        }
    }

    /// Keeps the first `len` items.
    #[inline]
    pub fn truncate(&mut self, len: usize) {
        match self {
            Self::Inline(inline) => inline.truncate(len),
            Self::Heap(heap) => heap.truncate(len),
        }
    }

    /// Removes every item (a spilled list keeps its heap buffer).
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Removes consecutive items that `same` says are equal, keeping the first of each run
    /// (as `Vec::dedup_by`: `same(later, kept)`), in place.
    pub fn dedup_by(&mut self, mut same: impl FnMut(&mut T, &mut T) -> bool) {
        let items: &mut [T] = self;
        let mut kept = usize::from(!items.is_empty());
        for next in 1..items.len() {
            let (front, back) = items.split_at_mut(next);
            if !same(&mut back[0], &mut front[kept - 1]) {
                items.swap(kept, next);
                kept += 1;
            }
        }
        self.truncate(kept);
    }
}

impl<T, const N: usize> Default for List<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> std::ops::Deref for List<T, N> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Self::Inline(inline) => inline,
            Self::Heap(heap) => heap,
        }
    }
}

impl<T, const N: usize> std::ops::DerefMut for List<T, N> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Self::Inline(inline) => inline,
            Self::Heap(heap) => heap,
        }
    }
}

impl<T, const N: usize> Extend<T> for List<T, N> {
    #[inline]
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        items.into_iter().for_each(|item| self.push(item));
    }
}

impl<T, const N: usize> FromIterator<T> for List<T, N> {
    #[inline]
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut list = Self::new();
        list.extend(items);
        list
    }
}

impl<'l, T, const N: usize> IntoIterator for &'l List<T, N> {
    type Item = &'l T;
    type IntoIter = std::slice::Iter<'l, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T, const N: usize> IntoIterator for List<T, N> {
    type Item = T;
    type IntoIter = IntoIter<T, N>;

    fn into_iter(self) -> Self::IntoIter {
        match self {
            Self::Inline(inline) => IntoIter::Inline(inline.into_iter()),
            Self::Heap(heap) => IntoIter::Heap(heap.into_iter()),
        }
    }
}

/// The items of a [`List`], by value.
pub enum IntoIter<T, const N: usize> {
    /// From inline storage.
    Inline(arrayvec::IntoIter<T, N>),
    /// From the heap.
    Heap(std::vec::IntoIter<T>),
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self {
            Self::Inline(items) => items.next(),
            Self::Heap(items) => items.next(),
        }
    }
}

/// Compares the items, wherever they are stored.
impl<T: PartialEq, const N: usize> PartialEq for List<T, N> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// Compares with a `Vec` of the same items (tests read `list == vec![…]`).
impl<T: PartialEq<U>, U, const N: usize> PartialEq<Vec<U>> for List<T, N> {
    fn eq(&self, other: &Vec<U>) -> bool {
        **self == **other
    }
}

/// Compares with an array of the same items (tests read `list == ["a", "b"]`).
impl<T: PartialEq<U>, U, const N: usize, const M: usize> PartialEq<[U; M]> for List<T, N> {
    fn eq(&self, other: &[U; M]) -> bool {
        **self == other[..]
    }
}

/// As a slice: `[a, b]`, so printed assessments read as they did with `Vec`s.
impl<T: std::fmt::Debug, const N: usize> std::fmt::Debug for List<T, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
