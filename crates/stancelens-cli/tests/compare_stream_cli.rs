//! `stancelens compare` on a JSON Lines corpus streams it (batches of sources analysed and
//! dropped, partial comparisons merged): the output is the library's comparison of the
//! loaded corpus, byte for byte, and bad lines are still all reported.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::bias::BiasRules;
use stancelens::compare::{compare_with_rules, CompareOptions};
use stancelens::corpus::Corpus;
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");

/// 150 sources (more than two batches of one thread) from the sample's texts, in a
/// scrambled id order, with repeated texts (reprints, shared claims) and comments.
fn write_corpus(path: &std::path::Path) {
    let sample = Corpus::from_dir(format!("{FIXTURES}/israel-azerbaijan"))
        .unwrap()
        .0;
    let mut lines = String::new();
    for i in 0..150usize {
        let s = &sample.sources[i % sample.sources.len()];
        let id = format!("src-{:03}", (i * 37) % 150);
        let mut rec = serde_json::json!({"id": id, "text": s.text, "outlet": s.meta.outlet});
        if s.meta.kind == Some(stancelens::corpus::SourceKind::Comment) {
            rec["kind"] = "comment".into();
        }
        lines.push_str(&serde_json::to_string(&rec).unwrap());
        lines.push('\n');
    }
    std::fs::write(path, lines).unwrap();
}

#[test]
fn streamed_jsonl_equals_the_loaded_comparison() {
    let dir = std::env::temp_dir().join(format!("stancelens-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.jsonl");
    write_corpus(&path);
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let rules = BiasRules::bundled().unwrap();
    let corpus = Corpus::from_jsonl(&path).unwrap().0;
    for (threads, once) in [("1", false), ("2", true)] {
        let options = CompareOptions {
            count_reprints_once: once,
            threads: threads.parse().unwrap(),
        };
        let want =
            serde_json::to_string_pretty(&compare_with_rules(&corpus, &engine, &rules, &options))
                .unwrap()
                + "\n";
        let mut args = vec!["compare", path.to_str().unwrap(), "--threads", threads];
        if once {
            args.push("--count-reprints-once");
        }
        let out = Command::new(env!("CARGO_BIN_EXE_stancelens"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).unwrap();
        assert!(got == want, "streamed output differs ({threads} threads)");
        assert!(
            got.contains("\"reprints\": [\n    {"),
            "the corpus has reprints"
        );
    }
    // Progress on stderr while the file is read (every read, with a zero interval), none
    // with --quiet; stdout the same either way.
    let run = |quiet: bool| {
        let mut args = vec!["compare", path.to_str().unwrap(), "--threads", "1"];
        if quiet {
            args.push("--quiet");
        }
        let out = Command::new(env!("CARGO_BIN_EXE_stancelens"))
            .args(&args)
            .env("STANCELENS_PROGRESS_MS", "0")
            .output()
            .unwrap();
        assert!(out.status.success());
        (out.stdout, String::from_utf8(out.stderr).unwrap())
    };
    let (loud_out, loud_err) = run(false);
    let (quiet_out, quiet_err) = run(true);
    assert_eq!(loud_out, quiet_out);
    assert!(loud_err.contains("MB read of"), "{loud_err}");
    assert!(quiet_err.is_empty(), "{quiet_err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn streamed_jsonl_reports_every_bad_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_stancelens"))
        .args([
            "compare",
            &format!("{FIXTURES}/corpora/broken/duplicate-and-dangling.jsonl"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("duplicate-and-dangling.jsonl:2:2: duplicate id `a`"),
        "{err}"
    );
    assert!(err.contains("zzz"), "{err}");
    assert!(err.contains("has 2 errors"), "{err}");
    assert!(out.stdout.is_empty());
}
