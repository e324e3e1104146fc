//! Print, for each sentence given on the command line under the bundled subject, its topics,
//! each topic cell's evidence and the overall evidence:
//! `cargo run --example explain_sentence -- "Iran threatens Azerbaijan."`
//! (`STANCELENS_SUBJECT=path/to/subject.toml` for another subject).
use stancelens::corpus::{Source, SourceMeta};
use stancelens::stance::{StanceEngine, StanceScore};
use stancelens::topics::Subject;

/// Each contribution of `score`'s evidence, one line each, indented by `indent`.
fn print_evidence(score: &StanceScore, text: &str, indent: &str) {
    for e in &score.evidence {
        for c in &e.contributions {
            println!(
                "{indent}{:?} {} {:+.2} entity={:?} {:?}",
                c.kind,
                c.rule_id,
                c.value,
                c.entity,
                c.span.slice(text)
            );
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let subject = match std::env::var_os("STANCELENS_SUBJECT") {
        Some(path) => Subject::from_file(path)?,
        None => Subject::bundled("israel-azerbaijan")?,
    };
    let engine = StanceEngine::bundled(subject)?;
    let topic_id = |t: usize| engine.subject().topics.get(t).map(|x| x.id.as_str());
    for text in std::env::args().skip(1) {
        let meta = SourceMeta {
            id: "cli".into(),
            ..Default::default()
        };
        let r = engine.analyse(&Source::new(meta, text.clone()));
        println!("{text}");
        for s in &r.sentences {
            let names: Vec<&str> = s.topics.iter().filter_map(|t| topic_id(t.topic)).collect();
            println!("  sentence {:?} topics {names:?}", s.span.slice(&text));
        }
        for t in &r.topics {
            let Some(id) = topic_id(t.topic) else {
                continue;
            };
            if t.stance.evidence.is_empty() && t.coverage == 0.0 {
                continue;
            }
            println!("  topic {id}: {:?} {:?}", t.stance.score, t.stance.label);
            print_evidence(&t.stance, &text, "    ");
        }
        print_evidence(&r.overall, &text, "  ");
        println!("  overall: {:?} {:?}", r.overall.score, r.overall.label);
    }
    Ok(())
}
