#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Robustness of loading and matching: any rule file text and any pattern either load
//! or give located problems, and matching never panics.

use proptest::prelude::*;
use stancelens::lexicon::{Entry, Fuzzy, FuzzyMetric, Lexicon, LexiconBuilder};

fn toml_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if c.is_control() => vec![' '],
            c => vec![c],
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_file_text_loads_or_reports_located_problems(t in "\\PC{0,300}") {
        if let Err(e) = Lexicon::from_toml_str(&t, "p.toml") {
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                prop_assert!(p.location.line.is_some());
            }
        }
    }

    #[test]
    fn any_pattern_compiles_or_is_refused_and_matching_never_panics(
        pattern in "[a-zA-Z*?'’\\- .:)(éÅ]{0,12}",
        alias in "[a-z*?' ]{0,8}",
        text in "\\PC{0,120}",
        fuzzy in any::<bool>(),
        cs in any::<bool>(),
    ) {
        let src = format!(
            "[[rule]]\nid = \"p\"\npattern = \"{}\"\naliases = [\"{}\"]\ncase_sensitive = {cs}\n{}",
            toml_escape(&pattern),
            toml_escape(&alias),
            if fuzzy { "fuzzy = { threshold = 0.8, min_len = 3 }\n" } else { "" },
        );
        if let Ok(lex) = Lexicon::from_toml_str(&src, "p.toml") {
            let m = lex.compile().unwrap();
            for probe in [text.as_str(), pattern.as_str(), alias.as_str()] {
                let hits = m.find_all(probe);
                for w in hits.windows(2) {
                    prop_assert!(w[0].span.end <= w[1].span.start);
                }
                for h in &hits {
                    prop_assert!(probe.get(h.span.start..h.span.end).is_some());
                }
            }
        }
    }

    #[test]
    fn a_literal_word_pattern_matches_itself(word in "[a-zA-Zäöüéß]{1,10}") {
        let mut e = Entry::new("w", word.clone(), 1.0, "t");
        e.fuzzy = Some(Fuzzy { threshold: 0.9, min_len: 5, metric: FuzzyMetric::JaroWinkler });
        let m = LexiconBuilder::new("t", "1").entry(e).build().unwrap().compile().unwrap();
        let text = format!("1 {word} 2");
        let hits = m.find_all(&text);
        prop_assert_eq!(hits.len(), 1);
        prop_assert_eq!(hits[0].span.slice(&text), word.as_str());
    }
}
