//! Print the evidence of a source's overall stance under the bundled subject, one line per
//! contribution: `cargo run --example explain_source -- fixtures/israel-azerbaijan rs-analysis-aug-2021`
use stancelens::corpus::Corpus;
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(id)) = (args.next(), args.next()) else {
        return Err("usage: explain_source <corpus> <source-id>".into());
    };
    let (corpus, _warnings) = Corpus::open(&dir)?;
    let src = corpus.get(&id).ok_or("no such source")?;
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    let r = engine.analyse(src);
    for e in &r.overall.evidence {
        for c in &e.contributions {
            let sentence = e.span.slice(&src.text);
            println!(
                "{:+.2} {:<32} {:<11} {:<14} | {}",
                c.value,
                c.rule_id,
                c.entity.as_deref().unwrap_or("-"),
                c.span.slice(&src.text),
                sentence.chars().take(100).collect::<String>()
            );
        }
    }
    println!("overall: {:?} {:?}", r.overall.score, r.overall.label);
    Ok(())
}
