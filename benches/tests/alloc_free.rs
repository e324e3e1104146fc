//! The compiled matcher allocates nothing per token once its scratch buffers are warm:
//! counted with a wrapping global allocator.
#![allow(unsafe_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::lexicon::{bundled, Lexicon, Scratch};
use stancelens::text::tokenize;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::SeqCst) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::SeqCst) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn sample() -> String {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/israel-azerbaijan");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn matching_allocates_nothing_once_warm() {
    // The bundled valence stack plus fuzzy name rules: every matching path is exercised
    // (exact words, phrases, prefixes, aliases, fuzzy candidates).
    let names = Lexicon::from_toml_str(
        "[[rule]]\nid = \"aliyev\"\npattern = \"Aliyev\"\nfuzzy = { threshold = 0.9, min_len = 5 }\n\n\
         [[rule]]\nid = \"karabakh\"\npattern = \"Karabakh\"\naliases = [\"Karabagh\", \"Nagorno-Karabakh\"]\n\n\
         [[rule]]\nid = \"threat\"\npattern = \"threat*\"\n",
        "names.toml",
    )
    .unwrap();
    let matcher = Lexicon::layered([bundled::valence_stack().unwrap(), names])
        .unwrap()
        .compile()
        .unwrap();
    let text = sample();
    let tokens = tokenize(&text);
    assert!(tokens.len() > 10_000);
    let mut scratch = Scratch::default();
    let mut hits = Vec::new();
    // Warm-up sizes the scratch buffers and the output.
    matcher.find_in_tokens(&text, &tokens, &mut scratch, &mut hits);
    let expected = hits.len();
    assert!(
        expected > 500,
        "the sample should give many hits, got {expected}"
    );

    for _ in 0..3 {
        hits.clear();
        COUNTING.store(true, Ordering::SeqCst);
        matcher.find_in_tokens(&text, &tokens, &mut scratch, &mut hits);
        COUNTING.store(false, Ordering::SeqCst);
        assert_eq!(hits.len(), expected);
    }
    let n = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(
        n,
        0,
        "{n} allocations while matching {} tokens",
        tokens.len()
    );
}
