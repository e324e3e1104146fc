#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The comparison on the sample corpus with the bundled subject, the JSON shape checked
//! against `docs/compare.schema.json` (by the small structural checker below, which
//! implements the JSON Schema keywords the schema uses), and the exclusion guarantee.

use serde_json::Value;
use stancelens::compare::{compare, Comparison};
use stancelens::corpus::{Corpus, Voice};
use stancelens::stance::{squash, StanceEngine, StanceLabel};
use stancelens::topics::Subject;
use std::sync::OnceLock;

fn corpus() -> Corpus {
    Corpus::from_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/israel-azerbaijan"
    ))
    .unwrap()
    .0
}

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap())
}

fn sample() -> &'static Comparison {
    static C: OnceLock<Comparison> = OnceLock::new();
    C.get_or_init(|| compare(&corpus(), engine()))
}

fn overall(id: &str) -> f64 {
    let o = sample().overall.iter().find(|o| o.source == id).unwrap();
    o.score
        .unwrap_or_else(|| panic!("{id}: no overall score ({:?})", o.label))
}

// ---- Expected directions on the sample (issue 4). ----

#[test]
fn pro_alignment_sources_score_positive() {
    for id in [
        "blank-jan-2025",
        "blank-essay-2025",
        "becker-newsaz-mar-2025",
    ] {
        assert!(overall(id) > 0.0, "{id}: {}", overall(id));
    }
}

#[test]
fn critical_sources_score_negative() {
    for id in ["rs-analysis-aug-2021", "armenian-view-aug-2025"] {
        assert!(overall(id) < 0.0, "{id}: {}", overall(id));
    }
}

#[test]
fn comments_directions() {
    assert!(overall("blank-jan-2025/andrew-nichols") < 0.0);
    assert!(overall("blank-jan-2025/michael-s-benlian") < 0.0);
    assert!(overall("blank-jan-2025/tutty") > 0.0);
}

#[test]
fn lieberman_ties_covered_only_where_lieberman_is_discussed() {
    let c = corpus();
    for cell in sample()
        .cells
        .iter()
        .filter(|c| c.topic == "lieberman-ties")
    {
        let src = c.get(&cell.source).unwrap();
        let mentions = src.text.contains("Lieberman");
        if !mentions {
            assert_eq!(cell.label, StanceLabel::NotCovered, "{}", cell.source);
            assert_eq!(cell.score, None);
        }
    }
    let armenian = sample()
        .cells
        .iter()
        .find(|c| c.topic == "lieberman-ties" && c.source == "armenian-view-aug-2025")
        .unwrap();
    assert!(armenian.coverage > 0.0);
}

#[test]
fn cells_are_complete_and_bounded() {
    let s = sample();
    assert_eq!(s.cells.len(), s.sources.len() * s.topics.len());
    for c in &s.cells {
        if let Some(x) = c.score {
            assert!((-1.0..=1.0).contains(&x));
        } else {
            assert!(matches!(
                c.label,
                StanceLabel::NotCovered | StanceLabel::InsufficientEvidence
            ));
        }
        assert!((0.0..=1.0).contains(&c.coverage) && (0.0..=1.0).contains(&c.confidence));
        if c.label == StanceLabel::NotCovered {
            assert_eq!(c.coverage, 0.0);
        }
    }
}

#[test]
fn every_sample_score_recomputes_exactly_from_its_evidence() {
    let s = sample();
    let check = |score: Option<f64>, ev: &[stancelens::stance::EvidenceSentence]| {
        let (mut m, mut w) = (0.0f64, 0.0f64);
        for e in ev {
            let mut sum = 0.0;
            for c in &e.contributions {
                let mut v = c.base;
                for op in &c.modifiers {
                    v = op.op.apply(v);
                }
                assert_eq!(c.value, v * c.role_sign * c.direction);
                sum += c.value;
            }
            assert_eq!(sum, e.sum);
            m += e.weight * sum;
            w += e.weight;
        }
        if w > 0.0 {
            assert_eq!(score, Some(squash(m / w)));
        } else {
            assert_eq!(score, None);
        }
    };
    for c in &s.cells {
        check(c.score, &c.evidence);
    }
    for src in &corpus().sources {
        let a = engine().analyse(src);
        check(a.overall.score, &a.overall.evidence);
    }
}

#[test]
fn excluded_teaser_text_moves_no_score() {
    let mut c = corpus();
    let before: Vec<_> = c.sources.iter().map(|s| engine().analyse(s)).collect();
    let pro = "Israel and Azerbaijan are a wonderful, excellent, strategic partnership against the hostile Iranian threat. ";
    let mut injected = 0;
    for s in &mut c.sources {
        let spans: Vec<_> = s
            .voices
            .iter()
            .filter(|v| v.voice == Voice::Excluded)
            .map(|v| v.span)
            .collect();
        for sp in spans {
            // Same byte length, so every span stays valid.
            let n = sp.end - sp.start;
            let mut fill: String = pro.chars().cycle().take(n).collect();
            while fill.len() > n {
                fill.pop();
            }
            while fill.len() < n {
                fill.push(' ');
            }
            s.text.replace_range(sp.start..sp.end, &fill);
            injected += 1;
        }
    }
    assert!(injected > 0);
    for (s, b) in c.sources.iter().zip(&before) {
        let a = engine().analyse(s);
        assert_eq!(a.overall.score, b.overall.score, "{}", s.meta.id);
        for (x, y) in a.topics.iter().zip(&b.topics) {
            assert_eq!(x.stance.score, y.stance.score, "{}", s.meta.id);
            assert_eq!(x.coverage, y.coverage, "{}", s.meta.id);
        }
        for e in &a.overall.evidence {
            assert!(!e.text.contains("wonderful, excellent"), "{}", s.meta.id);
        }
    }
}

#[test]
fn output_is_deterministic() {
    let a = serde_json::to_string(&compare(&corpus(), engine())).unwrap();
    let b = serde_json::to_string(sample()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    use stancelens::compare::{compare_with, CompareOptions};
    // The sample three times over (ids made unique), so that batches hold many sources.
    let mut big = corpus();
    let base = big.sources.clone();
    for round in 1..3 {
        for s in &base {
            let mut s = s.clone();
            s.meta.id = format!("{}#{round}", s.meta.id);
            s.meta.parent = s.meta.parent.map(|p| format!("{p}#{round}"));
            big.sources.push(s);
        }
    }
    let run = |threads| {
        let options = CompareOptions {
            threads,
            ..CompareOptions::default()
        };
        serde_json::to_string(&compare_with(&big, engine(), &options)).unwrap()
    };
    let one = run(1);
    for threads in [2, 3, 0] {
        assert!(one == run(threads), "{threads} threads differ from one");
    }
}

// ---- A small JSON Schema checker (type, enum, required, properties,
// additionalProperties: false, items, minimum/maximum, minLength/maxLength, $ref, oneOf).

fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            &root["$defs"][name]
        }
        None => s,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_u64() || v.is_i64(),
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        _ => false,
    }
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
    let s = resolve(root, schema);
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        let ok = one
            .iter()
            .filter(|alt| {
                let mut e = Vec::new();
                check(root, alt, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if ok != 1 {
            errs.push(format!("{path}: matches {ok} of oneOf"));
        }
    }
    if let Some(t) = s.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(t, v),
            Value::Array(ts) => ts.iter().any(|t| t.as_str().is_some_and(|t| type_ok(t, v))),
            _ => true,
        };
        if !ok {
            errs.push(format!("{path}: type {t} expected, found {v}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        let same = |a: &Value| match (a.as_f64(), v.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => a == v,
        };
        if !e.iter().any(same) {
            errs.push(format!("{path}: {v} not in enum"));
        }
    }
    if let Some(x) = v.as_f64() {
        if s.get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x < m)
        {
            errs.push(format!("{path}: {x} below minimum"));
        }
        if s.get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x > m)
        {
            errs.push(format!("{path}: {x} above maximum"));
        }
    }
    if let Some(st) = v.as_str() {
        let n = st.chars().count() as u64;
        if s.get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| n < m)
            || s.get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
        {
            errs.push(format!("{path}: string length {n} out of bounds"));
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(req) = s.get("required").and_then(Value::as_array) {
            for r in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(r) {
                    errs.push(format!("{path}: missing `{r}`"));
                }
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => check(root, ps, val, &format!("{path}.{k}"), errs),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errs.push(format!("{path}: unexpected `{k}`"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(root, items, x, &format!("{path}[{i}]"), errs);
        }
    }
}

fn schema() -> Value {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/compare.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn sample_output_matches_the_schema() {
    let root = schema();
    let v = serde_json::to_value(sample()).unwrap();
    let mut errs = Vec::new();
    check(&root, &root, &v, "$", &mut errs);
    assert!(errs.is_empty(), "{}", errs[..errs.len().min(20)].join("\n"));
}

#[test]
fn the_checker_can_fail() {
    let root = schema();
    let mut v = serde_json::to_value(sample()).unwrap();
    v["cells"][0]["score"] = Value::from(3.0);
    v["cells"][0]["label"] = Value::from("positive");
    v.as_object_mut().unwrap().remove("overall");
    v["extra"] = Value::Null;
    let mut errs = Vec::new();
    check(&root, &root, &v, "$", &mut errs);
    assert_eq!(errs.len(), 4, "{errs:?}");
}

#[test]
fn evidence_spans_point_at_their_text() {
    let c = corpus();
    for cell in &sample().cells {
        let src = c.get(&cell.source).unwrap();
        for e in &cell.evidence {
            assert_eq!(e.span.slice(&src.text), e.text);
            for x in &e.contributions {
                assert!(e.span.contains(x.span), "{}: {}", cell.source, x.text);
                assert_eq!(x.span.slice(&src.text), x.text);
            }
        }
        for p in &cell.passages {
            let v = src.voice_at(p.start).unwrap().voice;
            assert!(matches!(v, Voice::Body | Voice::Comment | Voice::Quote));
        }
    }
}
