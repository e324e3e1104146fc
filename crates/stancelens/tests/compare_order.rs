#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Determinism over the order of the input (issue 9 part 4): shuffling the sources of a
//! corpus gives byte-identical comparison JSON, Markdown and HTML report, and the
//! comparison on shards merged in any tree equals the one-shot comparison.

use proptest::prelude::*;
use stancelens::compare::{compare_with, CompareOptions, MergeError, Partial};
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
        threads: options.threads,
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

/// The partial of the sources of `base` at `idx`, sent through JSON as between processes.
fn shard(base: &Corpus, idx: &[usize], options: &CompareOptions) -> Partial {
    let sources: Vec<_> = idx.iter().map(|&i| base.sources[i].clone()).collect();
    let p = Partial::from_sources(&sources, engine(), options);
    let back: Partial = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert!(back == p, "a partial survives JSON");
    back
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn shards_merged_in_any_tree_equal_the_one_shot_comparison(
        assign in proptest::collection::vec(0usize..4, 18),
        picks in proptest::collection::vec(any::<usize>(), 4),
        reprints_once in any::<bool>(),
    ) {
        let base = doubled();
        let options = CompareOptions { count_reprints_once: reprints_once, threads: 1 };
        // Random split into up to four shards (some may be empty).
        let mut parts: Vec<Partial> = (0..4)
            .map(|k| {
                let idx: Vec<usize> = (0..18).filter(|&i| assign[i] == k).collect();
                shard(base, &idx, &options)
            })
            .collect();
        // Random merge tree: merge a randomly chosen neighbour pair until one is left.
        let mut p = picks.iter();
        while parts.len() > 1 {
            let i = p.next().copied().unwrap_or(0) % (parts.len() - 1);
            let right = parts.remove(i + 1);
            let left = parts.remove(i);
            parts.insert(i, left.merge(right).unwrap());
        }
        let merged = parts.pop().unwrap();
        prop_assert_eq!(merged.len(), 18);
        let json = serde_json::to_string_pretty(&merged.finish(engine(), &options).unwrap()).unwrap();
        prop_assert!(json == reference(reprints_once).0, "merged shards differ from one shot");
    }

    #[test]
    fn merge_is_associative_and_commutative(assign in proptest::collection::vec(0usize..3, 18)) {
        let base = doubled();
        let options = CompareOptions::default();
        let part = |k: usize| {
            let idx: Vec<usize> = (0..18).filter(|&i| assign[i] == k).collect();
            shard(base, &idx, &options)
        };
        let (a, b, c) = (part(0), part(1), part(2));
        let left = a.clone().merge(b.clone()).unwrap().merge(c.clone()).unwrap();
        let right = a.clone().merge(b.clone().merge(c.clone()).unwrap()).unwrap();
        prop_assert!(left == right, "(a+b)+c != a+(b+c)");
        let swapped = c.merge(b).unwrap().merge(a).unwrap();
        prop_assert!(left == swapped, "(a+b)+c != (c+b)+a");
        let all = Partial::merge_all([part(2), part(0), part(1)]).unwrap().unwrap();
        prop_assert!(left == all, "merge_all differs");
    }
}

#[test]
fn partials_of_different_subjects_or_lexicons_do_not_merge() {
    let base = doubled();
    let options = CompareOptions::default();
    let a = Partial::from_sources(&base.sources[..2], engine(), &options);
    // Another stack: the same subject with a user layer on top.
    let user = stancelens::lexicon::Lexicon::from_toml_str(
        "[lexicon]\nname = \"extra\"\nversion = \"1\"\n[[rule]]\nid = \"x\"\npattern = \"splendid\"\nweight = 2.0\nrationale = \"test\"\n",
        "extra.toml",
    )
    .unwrap();
    let stack = stancelens::lexicon::Lexicon::layered(vec![
        stancelens::lexicon::bundled::valence_stack().unwrap(),
        user,
    ])
    .unwrap();
    let other = StanceEngine::new(Subject::bundled("israel-azerbaijan").unwrap(), stack).unwrap();
    let b = Partial::from_sources(&base.sources[2..4], &other, &options);
    let err = a.clone().merge(b.clone()).unwrap_err();
    assert!(matches!(err, MergeError::Mismatch { .. }));
    assert!(err.to_string().contains("extra@1"), "{err}");
    // Finishing under another engine than the partial's is refused too.
    let err = a.finish(&other, &options).unwrap_err();
    assert!(matches!(err, MergeError::Engine { .. }), "{err}");
    assert!(b.finish(&other, &options).is_ok());
}
