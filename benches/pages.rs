//! The page policy of the command line (`small_pages_only` in `crates/stancelens-cli`), for
//! the benches that use its allocator: mimalloc's arenas in 4 KiB pages, not transparent
//! huge pages, so that a bench measures what `stancelens` runs.

/// See the command line's function of the same name.
pub fn small_pages_only() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}
