// Shared by the bench and the side-by-side binary: the seed texts replicated to a target size.

use std::path::PathBuf;

/// Where the seed texts are: `STANCELENS_SEEDS_DIR`, else the sample corpus, which holds
/// the seed texts byte for byte.
pub fn seeds_dir() -> PathBuf {
    std::env::var_os("STANCELENS_SEEDS_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/israel-azerbaijan"),
        PathBuf::from,
    )
}

/// The five seeds' `*.txt` concatenated (sorted by name) and repeated up to `target` bytes.
pub fn replicated(target: usize) -> Result<String, String> {
    let dir = seeds_dir();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut one = String::new();
    for p in &names {
        let t = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        one.push_str(&t);
        if !one.ends_with('\n') {
            one.push('\n');
        }
    }
    if one.is_empty() {
        return Err(format!("no *.txt seeds in {}", dir.display()));
    }
    let mut out = String::with_capacity(target + one.len());
    while out.len() < target {
        out.push_str(&one);
    }
    Ok(out)
}
