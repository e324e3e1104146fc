//! Print the stance evidence of each sentence given on the command line under the bundled
//! subject: `cargo run --example explain_sentence -- "Iran threatens Azerbaijan."`
use stancelens::corpus::{Source, SourceMeta};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    for text in std::env::args().skip(1) {
        let meta = SourceMeta {
            id: "cli".into(),
            ..Default::default()
        };
        let r = engine.analyse(&Source::new(meta, text.clone()));
        println!("{text}");
        for e in r.overall.evidence.iter() {
            for c in &e.contributions {
                println!(
                    "  {:?} {} {:+.2} entity={:?} {:?}",
                    c.kind,
                    c.rule_id,
                    c.value,
                    c.entity,
                    c.span.slice(&text)
                );
            }
        }
        println!("  overall: {:?} {:?}", r.overall.score, r.overall.label);
    }
    Ok(())
}
