//! Handing back to the system the memory that start-up used and freed.
//!
//! Loading and checking the knowledge base in four languages, building the OpenAPI document and
//! rendering the stored answers allocate far more than the service keeps. glibc's allocator
//! keeps freed memory in its arenas for reuse, and returns it only from the top of the heap, so
//! without this the process stays resident at its start-up peak: 39 MiB instead of 24 MiB
//! (BENCHMARKS.md, issue 15). Requests never come close to that peak again.

/// Asks the C allocator to return the memory it holds free to the system (glibc's
/// `malloc_trim(0)`); returns whether it gave any back. Elsewhere (musl, macOS) it does
/// nothing: those allocators return freed memory themselves.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub(crate) fn release_freed() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and only rearranges glibc's own free lists, which
    // it locks while it runs; it may be called at any time from any thread.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Asks the C allocator to return the memory it holds free to the system; nothing to do with
/// this allocator.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn release_freed() -> bool {
    false
}
