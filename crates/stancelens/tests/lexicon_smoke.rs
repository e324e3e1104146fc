#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use stancelens::lexicon::bundled;

#[test]
fn bundled_load() {
    for r in [
        bundled::vader(),
        bundled::idioms(),
        bundled::modifiers(),
        bundled::valence_stack(),
    ] {
        if let Err(e) = r {
            panic!("{e}");
        }
    }
}
