//! Time to build and compile a synthetic lexicon of N one-word rules, per phase, and to parse
//! the same rules written as a TOML rule file, so the growth with N can be read off
//! (`target/release/lexicon_scaling 100000 200000 400000 1000000`).
use std::fmt::Write as _;
use std::time::Instant;

use stancelens::lexicon::{Entry, Lexicon, LexiconBuilder};

/// The rule file a researcher would write for the same N rules.
fn toml_text(n: u32) -> String {
    let mut s = String::from(
        "[lexicon]\nname = \"synthetic\"\nversion = \"1\"\nlicence = \"CC0-1.0\"\nkind = \"terms\"\n",
    );
    for i in 0..n {
        let _ = write!(
            s,
            "\n[[rule]]\nid = \"w{i}\"\npattern = \"zq{i:x}\"\nweight = 1.0\nrationale = \"synthetic\"\n"
        );
    }
    s
}

fn main() {
    let sizes: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    for n in sizes {
        let t = Instant::now();
        let mut b = LexiconBuilder::new("synthetic", "1");
        for i in 0..n {
            b = b.entry(Entry::new(
                format!("w{i}"),
                format!("zq{i:x}"),
                1.0,
                "valence",
            ));
        }
        let added = t.elapsed();
        let t = Instant::now();
        let lex = match b.build() {
            Ok(l) => l,
            Err(e) => {
                eprintln!("build failed: {e}");
                std::process::exit(1);
            }
        };
        let built = t.elapsed();
        let t = Instant::now();
        let m = match lex.compile() {
            Ok(m) => m,
            Err(e) => {
                eprintln!("compile failed: {e}");
                std::process::exit(1);
            }
        };
        let compiled = t.elapsed();
        let t = Instant::now();
        let hits = m.find_all("Nothing here but zq0 and zq1 and zq.");
        let matched = t.elapsed();
        let text = toml_text(n);
        let t = Instant::now();
        let parsed = match Lexicon::from_toml_str(&text, "synthetic.toml") {
            Ok(l) => l,
            Err(e) => {
                eprintln!("parse failed: {e}");
                std::process::exit(1);
            }
        };
        let parse = t.elapsed();
        println!(
            "{n} rules: parse {:.3}s ({} MB, {} rules); add {:.3}s build {:.3}s compile {:.3}s match {:.6}s ({} hits)",
            parse.as_secs_f64(),
            text.len() / 1_000_000,
            parsed.entries().len(),
            added.as_secs_f64(),
            built.as_secs_f64(),
            compiled.as_secs_f64(),
            matched.as_secs_f64(),
            hits.len()
        );
    }
}
