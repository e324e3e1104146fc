//! Broken corpora: each fails with a located, readable error (and never panics).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::corpus::{Corpus, CorpusError, WarningKind};
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/corpora"
    ))
    .join(rel)
}

/// (corpus, expected error message substrings with the `file:line:col` each must be at)
const CASES: &[(&str, &[(&str, &str)])] = &[
    (
        "broken/missing-file",
        &[("file not found", "missing-file/corpus.toml:4:8")],
    ),
    (
        "broken/invalid-utf8",
        &[(
            "invalid UTF-8 (first bad byte 0xe9)",
            "invalid-utf8/bad.txt:2:4",
        )],
    ),
    (
        "broken/invalid-utf8.jsonl",
        &[("invalid UTF-8", "invalid-utf8.jsonl:1:25")],
    ),
    (
        "broken/duplicate-id",
        &[(
            "duplicate id `a` (first defined at ",
            "duplicate-id/corpus.toml:7:6",
        )],
    ),
    (
        "broken/duplicate-and-dangling.jsonl",
        &[
            ("duplicate id `a`", "duplicate-and-dangling.jsonl:2:2"),
            (
                "parent `zzz` of `c` is not a source",
                "duplicate-and-dangling.jsonl:3:31",
            ),
        ],
    ),
    (
        "broken/dangling-parent",
        &[("parent `nobody` of `a`", "dangling-parent/corpus.toml:5:10")],
    ),
    (
        "broken/unknown-field",
        &[("unknown field `auther`", "unknown-field/corpus.toml:4:1")],
    ),
    (
        "broken/unknown-field.jsonl",
        &[("unknown field `autor`", "unknown-field.jsonl:2:37")],
    ),
    (
        "broken/bad-date",
        &[("bad date `23/01/2025`", "bad-date/corpus.toml:4:8")],
    ),
    (
        "broken/bad-values.jsonl",
        &[
            (
                "bad date `2025-02-30`: day 30 does not exist",
                "bad-values.jsonl:2:32",
            ),
            ("bad kind `blog`", "bad-values.jsonl:3:31"),
        ],
    ),
    (
        "broken/bad-kind",
        &[(
            "bad kind `blog`: expected one of article",
            "bad-kind/corpus.toml:4:8",
        )],
    ),
    (
        "broken/path-escape",
        &[("escapes the corpus folder", "path-escape/corpus.toml:3:8")],
    ),
    (
        "broken/absolute-path",
        &[("is absolute", "absolute-path/corpus.toml:3:8")],
    ),
    (
        "broken/anchor-not-found",
        &[(
            "text “No such words” not found in source `a`",
            "anchor-not-found/corpus.toml:7:8",
        )],
    ),
    (
        "broken/anchor-ambiguous",
        &[(
            "is ambiguous: 3 matches",
            "anchor-ambiguous/corpus.toml:7:8",
        )],
    ),
    (
        "broken/anchor.jsonl",
        &[("text “nowhere” not found", "anchor.jsonl:2:36")],
    ),
    (
        "broken/several-anchors",
        &[
            (
                "text “Missing one” not found",
                "several-anchors/corpus.toml:8:8",
            ),
            (
                "`to` text “not there” not found after `from`",
                "several-anchors/corpus.toml:13:6",
            ),
            ("bad reason `advert`", "several-anchors/corpus.toml:16:10"),
        ],
    ),
    (
        "broken/overlapping-lines",
        &[(
            "overlapping lines 1-2 of source `a`",
            "overlapping-lines/corpus.toml:9:9",
        )],
    ),
    (
        "broken/toml-syntax",
        &[("syntax error", "toml-syntax/corpus.toml:3:14")],
    ),
];

#[test]
fn broken_corpora_fail_with_located_errors() {
    let mut failures = Vec::new();
    for (rel, expected) in CASES {
        let err = match Corpus::open(fixture(rel)) {
            Ok(_) => {
                failures.push(format!("{rel}: loaded without error"));
                continue;
            }
            Err(e) => e,
        };
        let all = err.flatten();
        if all.len() != expected.len() {
            failures.push(format!(
                "{rel}: {} errors, expected {}:\n{err}",
                all.len(),
                expected.len()
            ));
            continue;
        }
        for (e, (needle, loc)) in all.iter().zip(expected.iter()) {
            let msg = e.to_string();
            let at = e.location().to_string();
            if !msg.contains(needle) || !at.ends_with(loc) || !msg.starts_with(&at) {
                failures.push(format!("{rel}: expected {needle:?} at {loc}, got {msg}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn several_errors_come_as_one_multiple() {
    let err = Corpus::open(fixture("broken/several-anchors")).unwrap_err();
    assert!(matches!(err, CorpusError::Multiple { .. }));
    assert_eq!(err.to_string().lines().count(), 3);
}

#[test]
fn warnings_for_empty_and_unclaimed_text() {
    let (corpus, warnings) = Corpus::from_dir(fixture("warnings")).unwrap();
    assert_eq!(corpus.sources.len(), 2);
    let kinds: Vec<WarningKind> = warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [WarningKind::EmptySource, WarningKind::UnassignedText]
    );
    assert!(warnings[1].to_string().ends_with("partial.txt:3:1: warning: lines 3-3 of partial.txt belong to no source: “Nobody claims this line.”"));
    let empty = corpus.get("empty").unwrap();
    assert!(empty.voices.is_empty());
    assert!(empty.check_coverage().is_ok());
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_folder_are_refused() {
    let base = std::env::temp_dir().join(format!("stancelens-symlink-{}", std::process::id()));
    let dir = base.join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(base.join("outside.txt"), "Secret text outside.\n").unwrap();
    std::fs::write(dir.join("inside.txt"), "Inside text.\n").unwrap();
    let _ = std::fs::remove_file(dir.join("link.txt"));
    let _ = std::fs::remove_file(dir.join("ok-link.txt"));
    std::os::unix::fs::symlink(base.join("outside.txt"), dir.join("link.txt")).unwrap();
    std::os::unix::fs::symlink("inside.txt", dir.join("ok-link.txt")).unwrap();
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\nid = \"a\"\nfile = \"link.txt\"\n",
    )
    .unwrap();
    let err = Corpus::from_dir(&dir).unwrap_err();
    assert!(
        err.to_string()
            .contains("is a symlink leaving the corpus folder"),
        "{err}"
    );
    assert!(
        err.location().to_string().ends_with("corpus.toml:3:8"),
        "{err}"
    );
    // A symlink that stays inside the folder is fine.
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\nid = \"a\"\nfile = \"ok-link.txt\"\n",
    )
    .unwrap();
    assert!(Corpus::from_dir(&dir).is_ok());
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn jsonl_reader_streams_sources() {
    use stancelens::corpus::{JsonlSources, Voice};
    let file = std::fs::File::open(fixture("small.jsonl")).unwrap();
    let mut it = JsonlSources::new(std::io::BufReader::new(file), "small.jsonl");
    let first = it.next().unwrap().unwrap();
    assert_eq!(first.meta.id, "blank-jan-2025");
    let rest: Vec<_> = it.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rest.len(), 2);
    let (warnings, errors) = it.finish();
    assert!(warnings.is_empty() && errors.is_empty());
    // The JSONL marks resolve like the manifest's.
    let becker = &rest[1];
    let off = becker.text.find("Photo: Wikipedia").unwrap();
    assert_eq!(becker.voice_at(off).unwrap().voice, Voice::Excluded);
    assert!(becker.check_coverage().is_ok());
}

#[test]
fn jsonl_and_folder_agree_on_shared_sources() {
    let (jsonl, _) = Corpus::from_jsonl(fixture("small.jsonl")).unwrap();
    let (dir, _) = Corpus::from_dir(fixture("../israel-azerbaijan")).unwrap();
    for s in &jsonl.sources {
        let d = dir.get(&s.meta.id).unwrap();
        assert_eq!(s.text, d.text, "{}", s.meta.id);
        assert_eq!(s.meta, d.meta, "{}", s.meta.id);
        let strip = |v: &[stancelens::corpus::VoiceSpan]| {
            v.iter()
                .map(|v| (v.span, v.voice, v.reason))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&s.voices), strip(&d.voices), "{}", s.meta.id);
    }
}

#[test]
fn garbage_never_panics() {
    // Arbitrary bytes as JSON lines: errors, not panics.
    let inputs: [&[u8]; 6] = [
        b"{",
        b"[1,2]\n",
        b"{\"id\": 5, \"text\": \"x\"}",
        b"\xff\xfe\n{\"id\":\"a\",\"text\":\"b\"}",
        b"{\"id\":\"a\",\"text\":\"b\",\"voices\":[{\"voice\":\"heading\",\"lines\":[0,99]}]}",
        b"{\"id\":\"a\",\"text\":\"b\",\"exclude\":[{\"reason\":\"other\",\"from\":\"b\",\"occurrence\":-1}]}",
    ];
    for input in inputs {
        assert!(
            Corpus::from_jsonl_reader(input, "x.jsonl").is_err(),
            "{input:?}"
        );
    }
}
