//! The `stancelens` command line.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "stancelens",
    version,
    about = "Compare how sources cover one subject."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Corpus tools.
    #[command(subcommand)]
    Corpus(CorpusCommand),
}

#[derive(Subcommand, Debug)]
enum CorpusCommand {
    /// Validate a corpus and summarise each source.
    Check {
        /// A corpus folder with a manifest, or a `.jsonl` file.
        corpus: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Corpus(CorpusCommand::Check { corpus }) => {
            eprintln!(
                "stancelens: corpus check {} is not implemented yet",
                corpus.display()
            );
            ExitCode::from(2)
        }
    }
}
