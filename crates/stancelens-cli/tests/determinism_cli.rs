//! Determinism across processes (issue 9, part 4): `compare` JSON and the HTML report are
//! byte-identical across runs and `--threads` 1, 2 and 4. Separate processes, so hash
//! seeds and thread scheduling differ between the runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/israel-azerbaijan"
);

fn output(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_stancelens"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn compare_json_is_identical_across_runs_and_threads() {
    let first = output(&["compare", SAMPLE, "--threads", "1"]);
    assert!(first.len() > 1000);
    for threads in ["1", "2", "4"] {
        let again = output(&["compare", SAMPLE, "--threads", threads]);
        assert!(again == first, "--threads {threads} differs");
    }
}

#[test]
fn html_report_is_identical_across_runs_and_threads() {
    let dir = std::env::temp_dir().join(format!("stancelens-det-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut pages = Vec::new();
    for threads in ["1", "2", "4", "2"] {
        let path = dir.join(format!("r{}.html", pages.len()));
        let p = path.to_str().unwrap();
        output(&[
            "report",
            SAMPLE,
            "--date",
            "2025-01-31",
            "--threads",
            threads,
            "-o",
            p,
        ]);
        pages.push(std::fs::read(&path).unwrap());
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(pages[0].len() > 1000);
    assert!(
        pages.iter().all(|p| *p == pages[0]),
        "HTML differs between runs"
    );
}
