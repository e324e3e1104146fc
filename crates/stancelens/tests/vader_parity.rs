//! Parity of `valence::vader` with the real vaderSentiment 3.3.2.
//!
//! Runs `scripts/gen_vader_cases.py` (deterministic sentences) and `scripts/vader_reference.py`
//! (vaderSentiment's scores) with the Python in `STANCELENS_PYTHON` (default `python3`), then
//! requires max |delta| <= 1e-9 on each of neg/neu/pos/compound. If Python or vaderSentiment is
//! missing the test fails, unless `STANCELENS_SKIP_PYTHON=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use stancelens::valence::vader::{self, py_round};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> String {
    std::env::var("STANCELENS_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

fn skip() -> bool {
    std::env::var("STANCELENS_SKIP_PYTHON").is_ok_and(|v| v == "1")
}

const INSTALL: &str = "install the reference with `pip install vaderSentiment==3.3.2` (for the \
     Python named by STANCELENS_PYTHON, default python3), or set STANCELENS_SKIP_PYTHON=1 to skip";

/// Runs a Python script; `None` (after printing) when skipping is allowed and Python is missing.
fn run_python(args: &[&str]) -> Option<()> {
    let py = python();
    let out = Command::new(&py).args(args).output();
    match out {
        Ok(o) if o.status.success() => Some(()),
        Ok(o) => {
            let msg = format!(
                "`{py} {}` failed ({}): {}\n{INSTALL}",
                args.join(" "),
                o.status,
                String::from_utf8_lossy(&o.stderr)
            );
            if skip() {
                eprintln!("SKIPPED vader parity: {msg}");
                None
            } else {
                panic!("{msg}");
            }
        }
        Err(e) => {
            let msg = format!("cannot run Python `{py}`: {e}\n{INSTALL}");
            if skip() {
                eprintln!("SKIPPED vader parity: {msg}");
                None
            } else {
                panic!("{msg}");
            }
        }
    }
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn vader_parity_with_python() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vader_parity");
    std::fs::create_dir_all(&tmp).unwrap();
    let root = repo_root();
    let cases = tmp.join("cases.jsonl");
    let reference = tmp.join("reference.jsonl");
    // The sample corpus holds the seed texts byte for byte; another folder can be named.
    let seeds = std::env::var("STANCELENS_SEEDS_DIR")
        .map_or_else(|_| root.join("fixtures/israel-azerbaijan"), PathBuf::from);
    let lexicon = root.join("crates/stancelens/data/vader/vader_lexicon.txt");
    let gen = root.join("scripts/gen_vader_cases.py");
    let refscript = root.join("scripts/vader_reference.py");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    if run_python(&[&s(&gen), &s(&seeds), &s(&cases), "--lexicon", &s(&lexicon)]).is_none() {
        return;
    }
    if run_python(&[&s(&refscript), &s(&cases), &s(&reference)]).is_none() {
        return;
    }
    let cases = read_jsonl(&cases);
    let reference = read_jsonl(&reference);
    assert_eq!(cases.len(), reference.len(), "reference is incomplete");
    assert!(cases.len() >= 20_000, "only {} cases", cases.len());

    let names = ["neg", "neu", "pos", "compound"];
    let mut max = [0.0f64; 4];
    let mut worst: Vec<(f64, usize, String, String)> = Vec::new();
    let mut analyzer = vader::Analyzer::new();
    for (c, r) in cases.iter().zip(&reference) {
        assert_eq!(c["id"], r["id"]);
        let text = c["text"].as_str().unwrap();
        let got = analyzer.polarity_scores(text);
        let ours = [got.neg, got.neu, got.pos, got.compound];
        let mut case_max = 0.0f64;
        for k in 0..4 {
            let want = r[names[k]].as_f64().unwrap();
            let d = (ours[k] - want).abs();
            max[k] = max[k].max(d);
            case_max = case_max.max(d);
        }
        if case_max > 1e-9 {
            worst.push((
                case_max,
                c["id"].as_u64().unwrap() as usize,
                text.chars().take(160).collect(),
                format!("rust {ours:?} python {r}"),
            ));
        }
    }
    println!(
        "vader parity: {} cases, max |delta| neg {:e} neu {:e} pos {:e} compound {:e}",
        cases.len(),
        max[0],
        max[1],
        max[2],
        max[3]
    );
    if !worst.is_empty() {
        worst.sort_by(|a, b| b.0.total_cmp(&a.0));
        let report: Vec<String> = worst
            .iter()
            .take(15)
            .map(|(d, id, t, detail)| format!("  #{id} delta {d:e}: {t:?}\n     {detail}"))
            .collect();
        panic!(
            "{} of {} cases differ (max |delta| {:?}); worst:\n{}",
            worst.len(),
            cases.len(),
            max,
            report.join("\n")
        );
    }
}

#[test]
fn py_round_parity_with_python() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vader_parity");
    std::fs::create_dir_all(&tmp).unwrap();
    let input = tmp.join("round_in.jsonl");
    let output = tmp.join("round_out.jsonl");
    let mut xs: Vec<(f64, u32)> = Vec::new();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for k in -4000i32..=4000 {
        for d in [3, 4] {
            xs.push((f64::from(k) / 8000.0, d)); // many exact binary ties
            xs.push((f64::from(k) * 0.0005, d)); // decimal ties, inexact in binary
            xs.push((f64::from(k) * 0.00005, d));
        }
    }
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let x = (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
        xs.push((x, 3));
        xs.push((x, 4));
    }
    let body: String = xs
        .iter()
        .map(|(x, d)| format!("{}\n", serde_json::json!({"x": x, "digits": d})))
        .collect();
    std::fs::write(&input, body).unwrap();
    let script = repo_root().join("scripts/vader_reference.py");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    if run_python(&[&s(&script), "--round", &s(&input), &s(&output)]).is_none() {
        return;
    }
    let out = read_jsonl(&output);
    assert_eq!(out.len(), xs.len());
    let mut bad = Vec::new();
    for ((x, d), v) in xs.iter().zip(&out) {
        let want = v["value"].as_f64().unwrap();
        let got = py_round(*x, *d);
        // Bit equality, but -0.0 is written by Python as -0.0 and parsed back the same.
        if got != want {
            bad.push(format!("round({x:?}, {d}) python {want:?} rust {got:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} mismatches: {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

mod properties {
    use proptest::prelude::*;
    use stancelens::valence::vader;

    fn words() -> impl Strategy<Value = String> {
        let vocab = prop::sample::select(vec![
            "good",
            "GOOD",
            "bad",
            "not",
            "no",
            "but",
            "BUT",
            "very",
            "VERY",
            "kind",
            "of",
            "least",
            "at",
            "the",
            "bomb",
            "kiss",
            "death",
            "so",
            "this",
            "never",
            "without",
            "doubt",
            ":)",
            "😀",
            "💔",
            "Əliyev",
            "isn't",
            "!",
            "?",
            "??",
            "\u{a0}",
            "\u{212a}ill",
            "ǅ",
            "...",
        ]);
        prop::collection::vec(vocab, 0..40).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Any input: no panic, the explained path gives the same scores, and the explained
        /// token sentiments sum to the raw sum exactly.
        #[test]
        fn explain_matches_fast_path(text in prop_oneof![any::<String>(), words()]) {
            let fast = vader::polarity_scores(&text);
            let ex = vader::explain(&text);
            prop_assert_eq!(fast, ex.scores);
            let sum = ex.tokens.iter().fold(0.0, |acc, t| acc + t.sentiment);
            prop_assert_eq!(sum.to_bits(), ex.raw_sum.to_bits());
            for t in &ex.tokens {
                prop_assert!(text.get(t.span.start..t.span.end).is_some());
            }
            for s in [fast.neg, fast.neu, fast.pos] {
                prop_assert!((0.0..=1.0).contains(&s));
            }
            prop_assert!((-1.0..=1.0).contains(&fast.compound));
        }
    }
}
