//! The sample fixture `fixtures/israel-azerbaijan` loads with the expected sources and voices.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::corpus::{
    Corpus, ExclusionReason, Source, SourceKind, SourceMeta, Voice, VoiceOrigin,
};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/israel-azerbaijan"
);

fn corpus() -> Corpus {
    let (c, warnings) = Corpus::from_dir(DIR).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    c
}

fn src<'a>(c: &'a Corpus, id: &str) -> &'a Source {
    c.get(id).unwrap_or_else(|| panic!("no source {id}"))
}

/// The voice span at the `n`th (0-based) occurrence of `needle`.
fn voice_of<'a>(s: &'a Source, needle: &str, n: usize) -> &'a stancelens::corpus::VoiceSpan {
    let (off, _) = s
        .text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in {}", s.meta.id));
    s.voice_at(off)
        .unwrap_or_else(|| panic!("{needle:?} in no voice span"))
}

const PULL_QUOTES: [&str; 5] = [
    "partnership is no anomaly, but rather an illustration",
    "strategic partnership presents Washington with a significant opportunity",
    "alignment exemplifies the benefits of trans",
    "bilateral partnership could potentially expand",
    "This paper has outlined numerous instances",
];

#[test]
fn nine_sources_with_exact_ids() {
    let c = corpus();
    let ids: Vec<&str> = c.sources.iter().map(|s| s.meta.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "blank-jan-2025",
            "blank-jan-2025/patrick",
            "blank-jan-2025/andrew-nichols",
            "blank-jan-2025/tutty",
            "blank-jan-2025/michael-s-benlian",
            "rs-analysis-aug-2021",
            "blank-essay-2025",
            "becker-newsaz-mar-2025",
            "armenian-view-aug-2025",
        ]
    );
}

#[test]
fn comments_belong_to_the_article() {
    let c = corpus();
    let comments: Vec<&Source> = c
        .sources
        .iter()
        .filter(|s| s.meta.kind == Some(SourceKind::Comment))
        .collect();
    assert_eq!(comments.len(), 4);
    let expect = [
        ("Patrick", "2025-01-23T03:59"),
        ("Andrew Nichols", "2025-01-24T02:59"),
        ("Tutty", "2025-01-24T04:45"),
        ("Michael S. Benlian", "2025-01-26T12:59"),
    ];
    for (s, (author, date)) in comments.iter().zip(expect) {
        assert_eq!(s.meta.parent.as_deref(), Some("blank-jan-2025"));
        assert_eq!(s.meta.author.as_deref(), Some(author));
        assert_eq!(s.meta.date.as_deref(), Some(date));
        // The comment's name line is its byline, and it is in the comment's own text.
        assert!(s.text.starts_with(author));
        assert_eq!(voice_of(s, author, 0).voice, Voice::Byline);
        assert!(s.voices.iter().any(|v| v.voice == Voice::Comment));
        assert!(!s.voices.iter().any(|v| v.voice == Voice::Body));
    }
    // The article stops before the first comment.
    let article = src(&c, "blank-jan-2025");
    assert!(!article.text.contains("Patrick"));
    assert!(article.text.trim_end().ends_with("(Greenwood, 1992)."));
}

#[test]
fn teasers_and_navigation_of_seed_001_are_excluded() {
    let c = corpus();
    let s = src(&c, "rs-analysis-aug-2021");
    for needle in [
        "Perhaps the most striking thing about Moscow today",
        "Why Trump picking Vance as VP",
        "German Chancellor Otto von Bismarck",
        "Neocons are melting down over JD Vance",
        "The names included former President George W. Bush",
    ] {
        let v = voice_of(s, needle, 0);
        assert_eq!(v.voice, Voice::Excluded, "{needle}");
        assert_eq!(v.reason, Some(ExclusionReason::Teaser), "{needle}");
        assert!(
            v.note.as_deref().unwrap_or("").starts_with("teaser:"),
            "{needle}"
        );
    }
    let nav = voice_of(s, "Follow us on social", 0);
    assert_eq!(nav.reason, Some(ExclusionReason::Navigation));
    let sub = voice_of(s, "Subscribe now", 0);
    assert_eq!(sub.reason, Some(ExclusionReason::Widget));
    // The analysis itself, up to its last sentence, stays in the body.
    let last = voice_of(
        s,
        "these latest developments bode ill for regional stability",
        0,
    );
    assert_eq!(last.voice, Voice::Body);
    assert_eq!(voice_of(s, "How the budding", 0).voice, Voice::Heading);
    // Nothing the text does not show is invented.
    assert_eq!(
        (&s.meta.outlet, &s.meta.author, &s.meta.date, &s.meta.url),
        (&None, &None, &None, &None)
    );
}

#[test]
fn second_copies_of_pull_quotes_are_excluded() {
    let c = corpus();
    let s = src(&c, "blank-essay-2025");
    for needle in PULL_QUOTES {
        let n = s.text.matches(needle).count();
        assert_eq!(n, 2, "{needle}");
        assert_ne!(
            voice_of(s, needle, 0).voice,
            Voice::Excluded,
            "first copy of {needle}"
        );
        let second = voice_of(s, needle, 1);
        assert_eq!(second.reason, Some(ExclusionReason::PullQuote), "{needle}");
    }
}

#[test]
fn the_detector_alone_finds_the_pull_quotes_and_nothing_else() {
    let c = corpus();
    let mut found = Vec::new();
    for s in &c.sources {
        // The same text with no manifest marks: only the default voice and the detectors.
        let bare = Source::new(s.meta.clone(), s.text.clone());
        for v in bare.voices.iter().filter(|v| v.voice == Voice::Excluded) {
            assert_eq!(v.origin, VoiceOrigin::Detector);
            assert_eq!(v.reason, Some(ExclusionReason::PullQuote));
            assert!(v
                .note
                .as_deref()
                .unwrap_or("")
                .starts_with("repeats the sentence at line "));
            // Outside the essay, the detector may only flag repeats inside page residue
            // that the manifest excludes anyway (a teaser's headline repeated as its link).
            let in_manifest_exclusion = s.voices.iter().any(|m| {
                m.voice == Voice::Excluded
                    && m.origin == VoiceOrigin::Manifest
                    && m.span.contains(v.span)
            });
            if s.meta.id == "blank-essay-2025" {
                found.push((s.meta.id.clone(), v.span));
            } else {
                assert!(
                    in_manifest_exclusion,
                    "{}: detector excluded {:?} outside page residue",
                    s.meta.id,
                    v.span.slice(&s.text)
                );
            }
        }
    }
    assert_eq!(found.len(), 5, "{found:?}");
    let essay = src(&c, "blank-essay-2025");
    let bare = Source::new(essay.meta.clone(), essay.text.clone());
    let notes: Vec<&str> = bare
        .voices
        .iter()
        .filter_map(|v| v.note.as_deref())
        .collect();
    for ((needle, (id, span)), first_line) in
        PULL_QUOTES.iter().zip(&found).zip([13, 29, 47, 97, 145])
    {
        assert_eq!(id, "blank-essay-2025");
        let (second, _) = essay.text.match_indices(needle).nth(1).unwrap();
        assert!(span.start <= second && second < span.end, "{needle}");
        // The note points at the first copy's line in the file.
        let prefix = format!("repeats the sentence at line {first_line} ");
        assert!(
            notes.iter().any(|n| n.starts_with(&prefix)),
            "{prefix} in {notes:?}"
        );
    }
}

#[test]
fn bios_headings_and_quotes() {
    let c = corpus();
    let a = src(&c, "blank-jan-2025");
    assert_eq!(voice_of(a, "About the Author", 0).voice, Voice::Bio);
    assert_eq!(voice_of(a, "Gerson Lehrmann Group", 0).voice, Voice::Bio);
    assert_eq!(voice_of(a, "Strategic Alliances", 0).voice, Voice::Heading);
    assert_eq!(
        voice_of(a, "Intelligence cooperation between", 0).voice,
        Voice::Quote
    );
    let e = src(&c, "blank-essay-2025");
    assert_eq!(
        voice_of(e, "Foreign Policy Research Institute", 0).voice,
        Voice::Bio
    );
    assert_eq!(voice_of(e, "Conclusion", 0).voice, Voice::Heading);
    assert_eq!(
        voice_of(e, "Now we are facing a déjà vu", 0).voice,
        Voice::Quote
    );
    let b = src(&c, "becker-newsaz-mar-2025");
    assert_eq!(
        voice_of(b, "16 px", 0).reason,
        Some(ExclusionReason::Widget)
    );
    assert_eq!(voice_of(b, "Editor's note", 0).voice, Voice::Bio);
    assert_eq!(
        voice_of(b, "Photo: Wikipedia", 0).reason,
        Some(ExclusionReason::Caption)
    );
    assert_eq!(b.meta.outlet.as_deref(), Some("News.Az"));
}

#[test]
fn every_byte_is_accounted_for() {
    let c = corpus();
    for s in &c.sources {
        s.check_coverage()
            .unwrap_or_else(|e| panic!("{}: {e}", s.meta.id));
        let t = s.tally();
        assert_eq!(
            t.voiced_bytes + t.excluded_bytes + t.whitespace_bytes,
            s.text.len()
        );
        let in_spans: usize = s.voices.iter().map(|v| v.span.len()).sum();
        assert_eq!(in_spans, t.voiced_bytes + t.excluded_bytes);
        // Sentences never straddle two voices.
        for sent in s.voiced_sentences() {
            let v = &s.voices[sent.voice_index];
            assert!(v.span.contains(sent.span));
        }
    }
    // Sources reading one file cover it: their texts concatenate to the file.
    let file = std::fs::read_to_string(format!("{DIR}/000-blank-jan-2025.txt")).unwrap();
    let joined: String = c.sources[..5].iter().map(|s| s.text.as_str()).collect();
    // Only the blank line 21 between article and comments lies outside every source.
    assert!(joined == file.replacen("1992).\n\n", "1992).\n", 1));
}

#[test]
fn the_fixture_files_are_the_seed_bytes() {
    use sha2::{Digest, Sha256};
    // sha256 of each seed in shared/seeds, taken when the fixture was made: the fixture
    // must stay byte for byte the seed text, page residue included.
    let pinned = [
        (
            "000-blank-jan-2025.txt",
            "000_93aefcb56678a40f.txt",
            "fd2b4fe36796b9609a683aa969e8de58463bef68694c8dfa49d6762f813adfb3",
        ),
        (
            "001-rs-analysis-aug-2021.txt",
            "001_ad2452a3b2125ea3.txt",
            "e0b7292eb9b39fa791e9652ea6be5cbcb203d4b442619f2a821b48f4bb9a76ba",
        ),
        (
            "002-blank-essay-2025.txt",
            "002_f6624098c0e9272e.txt",
            "3d8c03ed3a2b4b43238b4fe1ed9523b8a094e4f7894a83a709a0c30706d2e8fd",
        ),
        (
            "003-becker-newsaz-mar-2025.txt",
            "003_fb0e9d0fbebdc7b8.txt",
            "a3701a9555b90416538d7d77dab8cfb8f23bfd0a20bf879c719043a71b7296e6",
        ),
        (
            "004-armenian-view-aug-2025.txt",
            "004_b760a3add769e1d1.txt",
            "f0f2bf2b95444df023a71a926d808e2c50dad09122e6add9b9ec58cb23711fb9",
        ),
    ];
    // Where the seeds themselves are reachable (shared/ beside the repo), compare bytes too.
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    for (fixture, seed, sha) in pinned {
        let a = std::fs::read(format!("{DIR}/{fixture}")).unwrap();
        let digest: String = Sha256::digest(&a)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, sha, "{fixture} is not the seed text {seed}");
        if let Ok(b) = std::fs::read(seeds.join(seed)) {
            assert!(a == b, "{fixture} differs from {seed}");
        }
    }
}

#[test]
fn a_plain_source_gets_default_voices() {
    let meta = SourceMeta {
        id: "c".into(),
        kind: Some(SourceKind::Comment),
        ..Default::default()
    };
    let s = Source::new(meta, "I agree with this.".into());
    assert_eq!(s.voices.len(), 1);
    assert_eq!(s.voices[0].voice, Voice::Comment);
    assert_eq!(s.voices[0].origin, VoiceOrigin::Default);
}
