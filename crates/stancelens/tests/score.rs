//! `score::Scorer::write_jsonl` against `compare` on the same corpus, thread-count
//! independence, bad input, and the synthetic-corpus generator.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use stancelens::bias::BiasRules;
use stancelens::compare::{compare_with_rules, CompareOptions, Comparison};
use stancelens::corpus::synth::{write_jsonl, Synth, SynthOptions, SynthSize};
use stancelens::corpus::{Corpus, CorpusError, JsonlSources};
use stancelens::score::{CueCounts, ScoreError, ScoreOptions, Scorer};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");

fn engine() -> StanceEngine {
    StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap()
}

fn score(engine: &StanceEngine, jsonl: &[u8], threads: usize) -> Result<Vec<u8>, ScoreError> {
    let rules = BiasRules::bundled().unwrap();
    let mut out = Vec::new();
    Scorer::new(engine, &rules).write_jsonl(
        JsonlSources::new(jsonl, "c.jsonl"),
        &mut out,
        &ScoreOptions { threads },
        |_| {},
    )?;
    Ok(out)
}

fn lines(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Every source line equals the comparison's cells, overall and bias cues of that source
/// (counts of the evidence where `compare` has the evidence itself).
fn assert_matches_compare(out: &[u8], cmp: &Comparison) {
    let lines = lines(out);
    let n = cmp.sources.len();
    let nt = cmp.topics.len();
    assert_eq!(lines.len(), n + 2, "header, one line per source, end");
    let header = &lines[0];
    assert_eq!(header["type"], "header");
    assert_eq!(header["lexicons"], json(&cmp.lexicons));
    assert_eq!(header["topics"], json(&cmp.topics));
    assert_eq!(header["subject"], json(&cmp.subject));
    let end = &lines[n + 1];
    assert_eq!(end["type"], "end");
    assert_eq!(end["sources"], n);
    // `score` writes sources in input order, `compare` in its canonical order (by id):
    // match them by id, each comparison source exactly once.
    let mut seen = vec![false; n];
    for line in &lines[1..=n] {
        assert_eq!(line["type"], "source");
        let i = cmp
            .sources
            .iter()
            .position(|s| line["source"]["id"] == json(&s.id))
            .unwrap();
        assert!(!std::mem::replace(&mut seen[i], true), "source {i} twice");
        assert_eq!(line["source"], json(&cmp.sources[i]));
        let cells = line["cells"].as_array().unwrap();
        assert_eq!(cells.len(), nt);
        for (t, cell) in cells.iter().enumerate() {
            let c = &cmp.cells[i * nt + t];
            assert_eq!(cell["topic"], json(&c.topic));
            assert_eq!(cell["score"], json(&c.score), "{} {}", c.source, c.topic);
            assert_eq!(cell["label"], json(&c.label));
            assert_eq!(cell["coverage"], json(&c.coverage));
            assert_eq!(cell["evidence_count"], json(&c.evidence_count));
            assert_eq!(cell["confidence"], json(&c.confidence));
            assert_eq!(cell["evidence_sentences"], c.evidence.len());
            let hits: usize = c.evidence.iter().map(|e| e.contributions.len()).sum();
            assert_eq!(cell["hits"], hits);
            assert_eq!(cell["passages"], c.passages.len());
        }
        let o = &cmp.overall[i];
        assert_eq!(o.source, cmp.sources[i].id);
        let ov = &line["overall"];
        assert_eq!(ov["score"], json(&o.score));
        assert_eq!(ov["label"], json(&o.label));
        assert_eq!(ov["evidence_count"], json(&o.evidence_count));
        assert_eq!(ov["confidence"], json(&o.confidence));
        let b = &cmp.bias[i];
        assert_eq!(line["bias"]["cues"], json(&CueCounts::of(&b.cues)));
        // Per topic: the same rows, except those `compare` adds for omitted topics (no
        // sentence on the topic, so nothing but the omission cue, which needs peers).
        let topics = line["bias"]["topics"].as_array().unwrap();
        let mut k = 0;
        for tb in &b.topics {
            if topics.get(k).is_some_and(|t| t["topic"] == json(&tb.topic)) {
                assert_eq!(topics[k]["cues"], json(&CueCounts::of(&tb.cues)));
                k += 1;
            } else {
                assert!(tb.cues.omission.value == Some(1.0), "{}", tb.topic);
                assert_eq!(CueCounts::of(&tb.cues), CueCounts::of(&Default::default()));
            }
        }
        assert_eq!(k, topics.len(), "every per-topic row is in compare's");
    }
}

fn compare_of(engine: &StanceEngine, jsonl: &[u8]) -> Comparison {
    let (corpus, _) = Corpus::from_jsonl_reader(jsonl, "c.jsonl").unwrap();
    let rules = BiasRules::bundled().unwrap();
    compare_with_rules(&corpus, engine, &rules, &CompareOptions::default())
}

fn synthetic(sources: u64, seed: u64) -> Vec<u8> {
    let (sample, _) = Corpus::from_dir(format!("{FIXTURES}/israel-azerbaijan")).unwrap();
    let synth = Synth::new(&sample).unwrap();
    let opts = SynthOptions {
        seed,
        per_source: Some(1536),
        mix_one_in: 4,
    };
    let mut out = Vec::new();
    write_jsonl(&synth, opts, SynthSize::Sources(sources), &mut out).unwrap();
    out
}

#[test]
fn small_jsonl_lines_equal_compare() {
    let e = engine();
    let data = std::fs::read(format!("{FIXTURES}/corpora/small.jsonl")).unwrap();
    let out = score(&e, &data, 1).unwrap();
    assert_matches_compare(&out, &compare_of(&e, &data));
}

#[test]
fn synthetic_lines_equal_compare_for_any_thread_count() {
    let e = engine();
    // 300 sources: several batches of 2 × 16 and a partial last one.
    let data = synthetic(300, 11);
    let one = score(&e, &data, 1).unwrap();
    assert_matches_compare(&one, &compare_of(&e, &data));
    let two = score(&e, &data, 2).unwrap();
    assert!(one == two, "threads 1 and 2 differ");
    let three = score(&e, &data, 3).unwrap();
    assert!(one == three, "threads 1 and 3 differ");
}

#[test]
fn a_bad_line_stops_with_its_location_after_the_lines_before_it() {
    let e = engine();
    let good = synthetic(40, 3);
    let good = std::str::from_utf8(&good).unwrap();
    // The first line, the first of the second batch on two threads (32 sources a batch),
    // and one inside it: the batches before are written, in order, and nothing after.
    for bad_at in [0usize, 32, 36] {
        let mut text = String::new();
        for (i, l) in good.lines().enumerate() {
            if i == bad_at {
                // A missing comma after the id.
                text.push_str("{\"id\": \"broken\" \"text\": \"x\"}\n");
            }
            text.push_str(l);
            text.push('\n');
        }
        for threads in [1, 2] {
            let rules = BiasRules::bundled().unwrap();
            let mut out = Vec::new();
            let r = Scorer::new(&e, &rules).write_jsonl(
                JsonlSources::new(text.as_bytes(), "broken.jsonl"),
                &mut out,
                &ScoreOptions { threads },
                |_| {},
            );
            let Err(ScoreError::Corpus { error, written }) = r else {
                panic!("no error")
            };
            assert_eq!(written, bad_at as u64);
            let line = u32::try_from(bad_at + 1).unwrap();
            let loc = error.location();
            assert_eq!((loc.line, loc.column), (Some(line), Some(17)), "{error}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("broken.jsonl:{line}:17:")),
                "{error}"
            );
            let got = lines(&out);
            assert_eq!(
                got.len(),
                bad_at + 1,
                "header and the sources before the bad line"
            );
            assert!(got.iter().all(|l| l["type"] != "end"));
            // The lines written are those of a run on the good lines before it.
            let before: String = good
                .lines()
                .take(bad_at)
                .map(|l| format!("{l}\n"))
                .collect();
            let clean = score(&e, before.as_bytes(), threads).unwrap();
            let clean = lines(&clean);
            assert_eq!(got[..], clean[..bad_at + 1]);
        }
    }
}

#[test]
fn corpus_wide_errors_stop_before_the_end_line() {
    let e = engine();
    let data = "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"a\", \"text\": \"Two.\"}\n\
                {\"id\": \"c\", \"text\": \"Three.\", \"parent\": \"nowhere\"}\n";
    let Err(ScoreError::Corpus { error, written }) = score(&e, data.as_bytes(), 2) else {
        panic!("duplicate id and dangling parent accepted")
    };
    assert_eq!(written, 3);
    let all = error.flatten();
    assert_eq!(all.len(), 2, "{error}");
    assert!(all
        .iter()
        .any(|e| matches!(e, CorpusError::DuplicateId { .. })));
    assert_eq!(all[0].location().line, Some(2));
}

#[test]
fn synth_is_deterministic_and_reads_back_as_a_corpus() {
    let a = synthetic(200, 42);
    assert_eq!(a, synthetic(200, 42), "same seed, same bytes");
    assert_ne!(a, synthetic(200, 43), "another seed, another corpus");
    let (corpus, warnings) = Corpus::from_jsonl_reader(a.as_slice(), "s.jsonl").unwrap();
    assert!(warnings.is_empty());
    assert_eq!(corpus.sources.len(), 200);
    let mixes = corpus
        .sources
        .iter()
        .filter(|s| s.meta.id.starts_with("mix-"))
        .count();
    assert!((20..=80).contains(&mixes), "about one in four: {mixes}");
    // Comments keep their (renamed) parents, and those come first.
    assert!(corpus.sources.iter().any(|s| s.meta.parent.is_some()));
    // Sources differ from each other: no two texts alike among the first 50.
    let mut texts: Vec<&str> = corpus.sources[..50]
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), 50);
}

#[test]
fn synth_by_size_stops_at_the_first_line_past_it() {
    let (sample, _) = Corpus::from_dir(format!("{FIXTURES}/israel-azerbaijan")).unwrap();
    let synth = Synth::new(&sample).unwrap();
    let opts = SynthOptions {
        seed: 1,
        per_source: None,
        mix_one_in: 4,
    };
    let mut out = Vec::new();
    let (n, bytes) = write_jsonl(&synth, opts, SynthSize::Bytes(300_000), &mut out).unwrap();
    assert_eq!(bytes, out.len() as u64);
    assert!(bytes >= 300_000);
    let last = out[..out.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap();
    assert!((last as u64) < 300_000, "one line too many");
    let (corpus, _) = Corpus::from_jsonl_reader(out.as_slice(), "s.jsonl").unwrap();
    assert_eq!(corpus.sources.len() as u64, n);
}
