//! Quantities and shared claims: the normalisation table (`fixtures/claims/quantities.toml`)
//! and the alignment on the sample corpus.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use stancelens::claims::{align, quantities, ClaimKey, QualifierKind};
use stancelens::compare::{compare, Comparison};
use stancelens::corpus::{Corpus, Source, SourceMeta};
use stancelens::stance::StanceEngine;
use stancelens::text::tokenize;
use stancelens::topics::Subject;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Table {
    case: Vec<QCase>,
}

#[derive(Deserialize)]
struct QCase {
    text: String,
    expected: Vec<(f64, String, String)>,
}

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap())
}

fn sample() -> &'static (Corpus, Comparison) {
    static C: OnceLock<(Corpus, Comparison)> = OnceLock::new();
    C.get_or_init(|| {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/israel-azerbaijan"
        );
        let corpus = Corpus::from_dir(dir).unwrap().0;
        let c = compare(&corpus, engine());
        (corpus, c)
    })
}

fn name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn quantity_table() {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/claims/quantities.toml"
    );
    let t: Table = toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let mut misses = Vec::new();
    for case in &t.case {
        // Through the comparison, so that qualifiers come from the bias rules.
        let corpus = Corpus {
            name: "q".into(),
            sources: vec![Source::new(
                SourceMeta {
                    id: "a".into(),
                    ..Default::default()
                },
                case.text.clone(),
            )],
        };
        let toks = tokenize(&case.text);
        let qs = quantities(&case.text, &toks);
        let got_plain: Vec<(f64, String)> = qs.iter().map(|q| (q.value, name(&q.unit))).collect();
        let want_plain: Vec<(f64, String)> = case
            .expected
            .iter()
            .map(|(v, u, _)| (*v, u.clone()))
            .collect();
        if got_plain != want_plain {
            misses.push(format!("{}: quantities {got_plain:?}", case.text));
            continue;
        }
        // Qualifiers: compare a one-source corpus with itself twice so every claim aligns.
        let mut two = corpus.clone();
        let mut b = two.sources[0].clone();
        b.meta.id = "b".into();
        two.sources.push(b);
        let c = compare(&two, engine());
        for (q, (_, _, want)) in qs.iter().zip(&case.expected) {
            let member = c
                .claims
                .iter()
                .flat_map(|g| &g.members)
                .find(|m| m.source == "a" && m.quantity_span == q.span);
            let got = member
                .and_then(|m| m.framing.qualifier.as_ref())
                .map(|x| name(&x.kind))
                .unwrap_or_default();
            // A claim with no content word aligns with nothing; then only the
            // quantity is checked.
            if member.is_some() && &got != want {
                misses.push(format!(
                    "{}: qualifier {got:?} for {}",
                    case.text,
                    q.span.slice(&case.text)
                ));
            }
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn forty_percent_of_israels_oil_aligns_with_its_qualifiers() {
    let (corpus, c) = sample();
    let g = c
        .claims
        .iter()
        .find(|g| g.quantity == "40 percent")
        .expect("a 40 percent claim group");
    let got: Vec<(&str, Option<QualifierKind>)> = g
        .members
        .iter()
        .map(|m| {
            (
                m.source.as_str(),
                m.framing.qualifier.as_ref().map(|q| q.kind),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Canonical order: by source id.
            ("becker-newsaz-mar-2025", Some(QualifierKind::JustUnder)),
            ("blank-jan-2025", None),
            ("rs-analysis-aug-2021", Some(QualifierKind::AtMost)),
        ]
    );
    assert_eq!(g.sources, 3);
    for m in &g.members {
        let src = corpus.get(&m.source).unwrap();
        let sentence = m.sentence.slice(&src.text);
        assert!(sentence.contains("oil"), "{sentence}");
        assert!(m.sentence.contains(m.quantity_span));
        if let Some(q) = &m.framing.qualifier {
            assert!(["up to", "nearly"].contains(&q.marker.span.slice(&src.text)));
        }
    }
}

#[test]
fn every_sample_group_spans_two_sources_and_one_quantity() {
    let (corpus, c) = sample();
    for g in &c.claims {
        let mut ids: Vec<&str> = g.members.iter().map(|m| m.source.as_str()).collect();
        ids.dedup();
        assert!(ids.len() >= 2, "{}", g.text);
        for m in &g.members {
            let src = corpus.get(&m.source).unwrap();
            let t = m.quantity_span.slice(&src.text);
            let toks = tokenize(t);
            let q = quantities(t, &toks);
            assert_eq!(q.len(), 1, "{t}");
            assert_eq!(q[0].key(), g.quantity, "{t}");
        }
    }
}

#[test]
fn different_facts_with_the_same_number_do_not_align() {
    let texts = [
        "Azerbaijan supplies up to 40 percent of the oil Israel buys.",
        "Israel gets 40% of its oil from Azerbaijan.",
        "40 percent of Azerbaijan's arms imports came from Israel.",
        "Israel gets 28 percent of its oil from Kazakhstan.",
    ];
    let keys: Vec<ClaimKey> = texts
        .iter()
        .map(|t| {
            let k = tokenize(t);
            ClaimKey::new(t, &k, &quantities(t, &k)[0], &[], &[])
        })
        .collect();
    assert_eq!(align(&keys), vec![vec![0, 1]]);
}

#[test]
fn markdown_lists_bias_cues_and_shared_claims() {
    let (_, c) = sample();
    let md = c.to_markdown();
    let bias = md.find("## Bias cues").expect("bias section");
    let claims = md.find("## Shared claims").expect("claims section");
    assert!(bias < claims && claims < md.find("## Provenance").unwrap());
    assert!(md.contains("* **40 percent** (3 sources)"));
    assert!(md.contains("rs-analysis-aug-2021: at_most"));
    assert!(md.contains("| becker-newsaz-mar-2025 |"));
}
