//! The process's page policy (shared with the benches that use the command line's allocator,
//! which include this file by path).

/// Serve this process's memory in ordinary 4 KiB pages. mimalloc asks Linux for transparent
/// huge pages on its arenas, and under the kernel's usual `defrag = madvise` each first touch
/// of such a 2 MiB page may compact and zero memory synchronously: `compare` on 10 MB spent
/// a third of its wall time there (system time 1.0 s, against 0.1 s with small pages;
/// docs/performance.md, "Eleventh round"). The streaming commands touch little memory, so huge
/// pages buy nothing back. `MIMALLOC_ALLOW_THP=1` in the environment keeps them.
pub fn small_pages_only() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // Best effort: a kernel without the flag keeps huge pages, with the same output.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}
