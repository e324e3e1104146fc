//! `stancelens explain`: how texts score, sentence by sentence and contribution by
//! contribution (`stancelens::report::Explanation`).

use std::io::Read;
use std::path::{Path, PathBuf};

/// The arguments of `stancelens explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Texts to explain, each one text. Without any, the text comes from `--input` or from
    /// standard input.
    pub texts: Vec<String>,
    /// Read the text from this file (`-`: standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "texts")]
    pub input: Option<PathBuf>,
    /// With `--input` or standard input: each line is a text (default: the whole input is
    /// one text, paragraphs and all).
    #[arg(long, conflicts_with = "texts")]
    pub lines: bool,
    #[command(flatten)]
    pub engine: crate::EngineArgs,
    /// `text` to read; `json`: one JSON object per text, one per line.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExplainFormat,
    /// The output file (default: standard output).
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

/// Output formats of `stancelens explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

/// Explain every text given.
pub fn run(args: &ExplainArgs) -> Result<std::process::ExitCode, String> {
    let texts = if args.texts.is_empty() {
        let (name, bytes) = match args.input.as_deref() {
            Some(p) if p != Path::new("-") => (
                p.display().to_string(),
                std::fs::read(p)
                    .map_err(|e| format!("error: {}: cannot read: {e}", p.display()))?,
            ),
            _ => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(|e| format!("error: <stdin>: read failed: {e}"))?;
                ("<stdin>".to_owned(), buf)
            }
        };
        let text = utf8(&bytes, &name)?;
        if args.lines {
            text.lines().map(str::to_owned).collect()
        } else {
            vec![text.to_owned()]
        }
    } else {
        args.texts.clone()
    };
    let (engine, _) =
        crate::engine_and_rules(args.engine.subject.as_deref(), &args.engine.lexicon)?;
    crate::write_output(args.output.as_deref(), |out| {
        for (i, text) in texts.iter().enumerate() {
            let e = stancelens::stance::Explanation::new(&engine, text);
            match args.format {
                ExplainFormat::Json => {
                    serde_json::to_writer(&mut *out, &e).map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                }
                ExplainFormat::Text => {
                    if texts.len() > 1 {
                        if i > 0 {
                            out.write_all(b"\n")?;
                        }
                        writeln!(out, "=== text {} of {}", i + 1, texts.len())?;
                    }
                    out.write_all(e.to_text().as_bytes())?;
                }
            }
        }
        Ok(())
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// `bytes` as UTF-8, or an error at the line and column (in characters) of the first bad
/// byte.
fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let prefix = std::str::from_utf8(bytes.get(..valid).unwrap_or_default()).unwrap_or("");
        let location = stancelens::Location::from_offset(name, prefix, valid);
        let byte = bytes.get(valid).copied().unwrap_or(0);
        format!("error: {location}: invalid UTF-8 (byte 0x{byte:02x})")
    })
}
