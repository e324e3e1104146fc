//! `stancelens eval`: the engine against a labelled stance data set.

use stancelens::eval::{
    evaluate, Columns, Dataset, DatasetFormat, Decision, EvalOptions, Evaluation, Gold,
};
use std::path::PathBuf;

/// The arguments of `stancelens eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The data set: SemEval-2016 Task 6 TSV (`.txt`, `.tsv`), CSV or JSON Lines, with a
    /// header (or keys) naming its text and gold-label columns.
    pub dataset: PathBuf,
    #[command(flatten)]
    pub engine: crate::EngineArgs,
    /// Keep the rows of this target only (the target column's value, any case).
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// The text column (default: the first of text, tweet, sentence, post, body, content).
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// The gold-label column (default: the first of stance, label, gold, gold_label).
    #[arg(long, value_name = "NAME")]
    pub label_column: Option<String>,
    /// The target column (default: `target`, if there is one).
    #[arg(long, value_name = "NAME")]
    pub target_column: Option<String>,
    /// The id column (default: `id`, if there is one; else `row-<line>`).
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// What labels mean, before the known words (favor/favour, against, none/neutral):
    /// `--label-map 1=favour,0=none,-1=against`.
    #[arg(long, value_name = "LABEL=CLASS,...")]
    pub label_map: Option<String>,
    /// The data set's format (default: from the file name; `.txt` is TSV).
    #[arg(long, value_enum)]
    pub dataset_format: Option<FormatArg>,
    /// How the overall stance becomes a class: by its label (favour, against; anything
    /// else is none) or by its score's sign whatever the label.
    #[arg(long, value_enum, default_value = "label")]
    pub decide: DecideArg,
    /// Output: a Markdown summary, or JSON with every prediction and its evidence.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: OutFormat,
    /// With `--format markdown`: list up to N wrong predictions (text and evidence).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub misses: usize,
    /// Write to this file instead of stdout.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Worker threads (0: every core). The output is the same whatever the number.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub threads: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Tsv,
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DecideArg {
    Label,
    Sign,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Markdown,
    Json,
}

/// `--label-map a=favour,b=against`: pairs, each class one of favour/favor, against, none.
fn label_map(spec: &str) -> Result<Vec<(String, Gold)>, String> {
    spec.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|entry| {
            let (label, class) = entry
                .rsplit_once('=')
                .ok_or_else(|| format!("error: --label-map entry `{entry}` is not LABEL=CLASS"))?;
            let class = Gold::from_word(class).ok_or_else(|| {
                format!(
                    "error: --label-map entry `{entry}`: `{class}` is not favour, against or none"
                )
            })?;
            Ok((label.trim().to_string(), class))
        })
        .collect()
}

pub fn run(args: &EvalArgs) -> Result<std::process::ExitCode, String> {
    let columns = Columns {
        text: args.text_column.clone(),
        label: args.label_column.clone(),
        target: args.target_column.clone(),
        id: args.id_column.clone(),
        label_map: args
            .label_map
            .as_deref()
            .map(label_map)
            .transpose()?
            .unwrap_or_default(),
    };
    let format = args.dataset_format.map(|f| match f {
        FormatArg::Tsv => DatasetFormat::Tsv,
        FormatArg::Csv => DatasetFormat::Csv,
        FormatArg::Jsonl => DatasetFormat::Jsonl,
    });
    let error = |e: stancelens::eval::EvalError| format!("error: {e}");
    let mut data = Dataset::from_file(&args.dataset, format, &columns).map_err(error)?;
    if let Some(t) = &args.target {
        data = data.only_target(t).map_err(error)?;
    }
    let (engine, _) =
        crate::engine_and_rules(args.engine.subject.as_deref(), &args.engine.lexicon)?;
    let options = EvalOptions {
        decision: match args.decide {
            DecideArg::Label => Decision::Label,
            DecideArg::Sign => Decision::Sign,
        },
        threads: args.threads,
    };
    let result: Evaluation = evaluate(&data, &engine, &options);
    crate::write_output(args.output.as_deref(), |out| match args.format {
        OutFormat::Json => crate::json_to(out, &result),
        OutFormat::Markdown => {
            out.write_all(result.to_markdown_with_misses(args.misses).as_bytes())
        }
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}
