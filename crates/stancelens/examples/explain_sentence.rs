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
        for s in &r.sentences {
            let names: Vec<&str> = s
                .topics
                .iter()
                .filter_map(|t| engine.subject().topics.get(t.topic).map(|x| x.id.as_str()))
                .collect();
            println!("  sentence {:?} topics {names:?}", s.span.slice(&text));
        }
        for t in &r.topics {
            let Some(id) = engine.subject().topics.get(t.topic).map(|x| x.id.as_str()) else {
                continue;
            };
            if t.stance.evidence.is_empty() && t.coverage == 0.0 {
                continue;
            }
            println!("  topic {id}: {:?} {:?}", t.stance.score, t.stance.label);
            for e in &t.stance.evidence {
                for c in &e.contributions {
                    println!(
                        "    {:?} {} {:+.2} entity={:?} {:?}",
                        c.kind,
                        c.rule_id,
                        c.value,
                        c.entity,
                        c.span.slice(&text)
                    );
                }
            }
        }
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
