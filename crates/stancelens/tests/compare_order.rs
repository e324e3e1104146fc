#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Determinism over the order of the input (issue 9 part 4): shuffling the sources of a
//! corpus gives byte-identical comparison JSON, Markdown and HTML report, and the
//! comparison on shards merged in any tree equals the one-shot comparison.

use proptest::prelude::*;
use stancelens::compare::{compare_with, CompareOptions};
use stancelens::corpus::Corpus;
use stancelens::report::{self, ReportOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::sync::OnceLock;

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap())
}

/// The sample twice over (ids made unique): reprint groups, shared claims across
/// sources and ranking ties (equal scores), so every order-sensitive list is exercised.
fn doubled() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/israel-azerbaijan"
        );
        let mut c = Corpus::from_dir(dir).unwrap().0;
        let base = c.sources.clone();
        for s in &base {
            let mut s = s.clone();
            // A prefix that sorts the copies before their originals.
            s.meta.id = format!("0-copy/{}", s.meta.id);
            s.meta.parent = s.meta.parent.map(|p| format!("0-copy/{p}"));
            c.sources.push(s);
        }
        c
    })
}

fn outputs(c: &Corpus, options: &CompareOptions) -> (String, String, String) {
    let cmp = compare_with(c, engine(), options);
    let opts = ReportOptions {
        run_date: Some("2025-01-31".into()),
        ..ReportOptions::from_engine(engine())
    };
    (
        serde_json::to_string_pretty(&cmp).unwrap(),
        cmp.to_markdown(),
        report::html(&cmp, c, &opts),
    )
}

fn reference(reprints_once: bool) -> &'static (String, String, String) {
    static A: OnceLock<(String, String, String)> = OnceLock::new();
    static B: OnceLock<(String, String, String)> = OnceLock::new();
    let cell = if reprints_once { &A } else { &B };
    cell.get_or_init(|| {
        let options = CompareOptions {
            count_reprints_once: reprints_once,
            threads: 1,
        };
        outputs(doubled(), &options)
    })
}

#[test]
fn the_reference_has_reprints_claims_and_ties() {
    let cmp = compare_with(doubled(), engine(), &CompareOptions::default());
    assert!(!cmp.reprints.is_empty(), "no reprint group");
    assert!(!cmp.claims.is_empty(), "no shared claim");
    // Copies score like their originals: equal scores are ranked by id.
    assert!(cmp.rankings.iter().any(|r| r.sources.len() >= 2));
    let ids: Vec<&str> = cmp.sources.iter().map(|s| s.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "sources are listed by id");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_sources_give_byte_identical_output(
        order in Just((0..18usize).collect::<Vec<_>>()).prop_shuffle(),
        reprints_once in any::<bool>(),
        threads in 1usize..3,
    ) {
        let base = doubled();
        prop_assert_eq!(base.sources.len(), order.len());
        let shuffled = Corpus {
            name: base.name.clone(),
            sources: order.iter().map(|&i| base.sources[i].clone()).collect(),
        };
        let options = CompareOptions { count_reprints_once: reprints_once, threads };
        let (json, md, html) = outputs(&shuffled, &options);
        let (rj, rm, rh) = reference(reprints_once);
        prop_assert!(&json == rj, "JSON differs for order {:?}", order);
        prop_assert!(&md == rm, "Markdown differs for order {:?}", order);
        prop_assert!(&html == rh, "HTML differs for order {:?}", order);
    }
}

#[test]
fn repeated_ids_do_not_make_the_output_order_dependent() {
    // A corpus built in code may repeat an id (the readers refuse that).
    let base = doubled();
    let mut a = Corpus {
        name: "dup".into(),
        sources: base.sources[..3].to_vec(),
    };
    let mut twin = base.sources[3].clone();
    twin.meta.id = a.sources[0].meta.id.clone();
    a.sources.push(twin);
    let mut b = a.clone();
    b.sources.reverse();
    let opt = CompareOptions::default();
    let ja = serde_json::to_string(&compare_with(&a, engine(), &opt)).unwrap();
    let jb = serde_json::to_string(&compare_with(&b, engine(), &opt)).unwrap();
    assert_eq!(ja, jb);
}
