//! The corpus folder reader: the input is split at the first NUL byte into a manifest
//! (`corpus.toml`) and one text file (`a.txt`), written to a scratch folder of this
//! process. Errors are fine, panics are not; sources read account for every byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::corpus::Corpus;
use std::path::PathBuf;
use std::sync::OnceLock;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("stancelens-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&d);
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let (manifest, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let d = dir();
    if std::fs::write(d.join("corpus.toml"), manifest).is_err()
        || std::fs::write(d.join("a.txt"), text).is_err()
    {
        return;
    }
    match Corpus::from_dir(d) {
        Ok((corpus, _)) => {
            for s in &corpus.sources {
                assert!(s.check_coverage().is_ok(), "{:?}", s.check_coverage());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
