//! Print how each text given on the command line scores under the bundled subject
//! (`STANCELENS_SUBJECT=path/to/subject.toml` for another): the library side of
//! `stancelens explain`. `cargo run --example explain_sentence -- "Iran threatens Azerbaijan."`
use stancelens::stance::{Explanation, StanceEngine};
use stancelens::topics::Subject;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let subject = match std::env::var_os("STANCELENS_SUBJECT") {
        Some(path) => Subject::from_file(path)?,
        None => Subject::bundled("israel-azerbaijan")?,
    };
    let engine = StanceEngine::bundled(subject)?;
    for text in std::env::args().skip(1) {
        print!("{}", Explanation::new(&engine, &text).to_text());
    }
    Ok(())
}
