//! Handing back to the system the memory that start-up used and no request needs.
//!
//! Loading and checking the knowledge base in four languages, building the OpenAPI document and
//! rendering the stored answers allocate far more than the service keeps, and run code that no
//! request runs again. Without this the process stays resident at its start-up peak: glibc's
//! allocator keeps freed memory in its arenas (it returns it only from the top of the heap), and
//! every page of the program that start-up touched stays mapped in; and bursts of compressed or
//! CDS answers leave freed memory behind while the service runs. Measured on the release
//! build (BENCHMARKS.md, issue 15): 39 MiB resident at start before, 17 MiB after; 20 MiB, flat,
//! over a soak of 2.5 million assessments after gzip and CDS load (26 MiB without the trims
//! every [`RELEASE_EVERY`]).
//!
//! These are the service's only `unsafe` calls (the crate denies `unsafe_code` elsewhere): two
//! libc calls that take no Rust references and change no memory a Rust value can see.

/// Hands back what start-up freed and the program pages only start-up used. Call it once the
/// server is built, before the first request.
pub(crate) fn release_start_up_memory() {
    release_freed();
    page_out_own_code();
}

/// How often the running service hands back what requests freed: gzip's encoder state (a few
/// hundred KB per compressed answer, on actix's blocking threads) and CDS bodies leave freed
/// memory in glibc's arenas that plain assessments never reuse. The trim runs on the main
/// thread, not a worker; glibc locks each arena only while it trims that one.
pub(crate) const RELEASE_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Asks glibc's allocator to return the memory it holds free to the system (`malloc_trim(0)`).
/// Elsewhere (musl, macOS) it does nothing: those allocators return freed memory themselves.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub(crate) fn release_freed() {
    // SAFETY: `malloc_trim` takes no pointers and only rearranges glibc's own free lists, which
    // it locks while it runs; it may be called at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn release_freed() {}

/// Lets the kernel reclaim the pages of the program's own read-only mappings (code and embedded
/// data): what requests use faults back in from the page cache at their first use, and what only
/// start-up used (parsing the data files, building the spec) stays out. Linux only; a kernel
/// older than 5.4 ignores the advice.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn page_out_own_code() {
    let (Ok(exe), Ok(maps)) = (
        std::env::current_exe(),
        std::fs::read_to_string("/proc/self/maps"),
    ) else {
        return;
    };
    for (start, end) in own_read_only_mappings(&maps, &exe.to_string_lossy()) {
        // SAFETY: the range is a whole read-only, file-backed mapping of this program, as the
        // kernel listed it; MADV_PAGEOUT only drops clean pages, which the kernel reads back
        // from the file on the next access, so no memory anything can see changes.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_PAGEOUT);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn page_out_own_code() {}

/// The address ranges of the read-only (not writable) mappings of the file `exe` in a
/// `/proc/self/maps` listing.
fn own_read_only_mappings<'a>(
    maps: &'a str,
    exe: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    maps.lines().filter_map(move |line| {
        // address perms offset dev inode path; the path is the rest of the line (it may hold
        // spaces, and ends in " (deleted)" when the file was replaced: then it is not ours).
        let mut rest = line;
        let mut field = || {
            let text = rest.trim_start();
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            let (field, after) = text.split_at(end);
            rest = after;
            field
        };
        let (range, perms) = (field(), field());
        let _ = (field(), field(), field());
        let path = rest.trim();
        if path != exe || perms.contains('w') {
            return None;
        }
        let (start, end) = range.split_once('-')?;
        let start = usize::from_str_radix(start, 16).ok()?;
        let end = usize::from_str_radix(end, 16).ok()?;
        (end > start).then_some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::own_read_only_mappings;

    #[test]
    fn only_the_programs_own_read_only_mappings_are_paged_out() {
        let maps = "\
555df2600000-555df315c000 r--p 00000000 fe:00 6507484    /srv/cramp-advisor
555df315c000-555df3ee6000 r-xp 00b5b000 fe:00 6507484    /srv/cramp-advisor
555df3f58000-555df3f5c000 rw-p 01955000 fe:00 6507484    /srv/cramp-advisor
555df3f5c000-555df3f60000 rw-p 00000000 00:00 0
7f575ded6000-7f575e02c000 r-xp 00028000 fe:00 123 /usr/lib/x86_64-linux-gnu/libc.so.6
7f575e100000-7f575e200000 r--p 00000000 fe:00 6507485    /srv/cramp-advisor (deleted)";
        let ranges: Vec<_> = own_read_only_mappings(maps, "/srv/cramp-advisor").collect();
        assert_eq!(
            ranges,
            [
                (0x555d_f260_0000, 0x555d_f315_c000),
                (0x555d_f315_c000, 0x555d_f3ee_6000)
            ]
        );
    }
}
