//! The `stancelens` command line.

mod eval_cmd;
mod explain_cmd;
mod pages;
mod score_cmd;
mod valence_cmd;

/// The analysis allocates many short-lived vectors and strings per sentence; mimalloc serves
/// that pattern with fewer instructions than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use stancelens::corpus::voices::excerpt;
use stancelens::corpus::{Corpus, CorpusError, Source, Voice, VoiceOrigin, Warning};
use stancelens::Span;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::PathBuf;
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
    /// Let a corpus manifest name files outside its folder (absolute paths, `..`, symlinks
    /// leaving it); refused by default.
    #[arg(long, global = true)]
    allow_outside: bool,
}

/// `--allow-outside`, set once in `main` before any corpus is read.
static ALLOW_OUTSIDE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[derive(Subcommand, Debug)]
enum Command {
    /// Corpus tools.
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Score valence: one text per input line, one JSON object per output line.
    Valence {
        /// VADER-exact mode: the numbers of vaderSentiment 3.3.2's `polarity_scores`.
        #[arg(long)]
        vader: bool,
        /// Add each score's explanation: every hit, modifier and normalisation step.
        #[arg(long)]
        explain: bool,
        /// Extra lexicon layers on top of the bundled ones: `.toml` rule files, LIWC `.dic`,
        /// Lexicoder `.lc3`, or VADER-format `.txt`.
        #[arg(long = "lexicon", value_name = "FILE")]
        lexicons: Vec<PathBuf>,
        /// Category weights for imported LIWC/Lexicoder dictionaries: `--map posemo=1`.
        #[arg(long = "map", value_name = "CATEGORY=WEIGHT")]
        maps: Vec<String>,
        /// Input files (one text per line); standard input when none.
        inputs: Vec<PathBuf>,
    },
    /// Compare the sources of a corpus: topics, stance per source and topic, overall.
    Compare {
        /// A corpus folder, a manifest file, or a `.jsonl` file.
        corpus: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: CompareFormat,
        /// Write to this file instead of stdout.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Count each group of reprints (near-duplicate sources) once in rankings,
        /// divergent pairs, omission peers and shared claims.
        #[arg(long)]
        count_reprints_once: bool,
        /// Worker threads for the per-source analysis (0: every core). The output is the
        /// same whatever the number.
        #[arg(long, default_value_t = 0, value_name = "N")]
        threads: usize,
        /// No progress line on stderr while a `.jsonl` corpus is read (warnings and errors
        /// are still printed). The line is redrawn every 0.2 s on a terminal, else written
        /// every 10 s.
        #[arg(long)]
        quiet: bool,
    },
    /// Score a JSON Lines corpus source by source, in bounded memory: one JSON line per
    /// source (cells, overall, bias cues, evidence counts) after a header line with the
    /// lexicon stamps, and an `end` line. A bad input line stops the run (located error).
    Score {
        /// A `.jsonl` corpus (`-`: standard input).
        corpus: PathBuf,
        /// The output file (`-`: standard output).
        #[arg(short = 'o', long)]
        output: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
        /// Worker threads (0: every core). The output is the same whatever the number.
        #[arg(long, default_value_t = 0, value_name = "N")]
        threads: usize,
        /// No progress or summary on stderr (warnings and errors are still printed).
        #[arg(long)]
        quiet: bool,
    },
    /// Write a stance report: one self-contained HTML file, Markdown, or CSV tables.
    Report(ReportArgs),
    /// Evaluate the engine on a labelled stance data set (SemEval-2016 Task 6 TSV, CSV or
    /// JSON Lines): each text's overall stance against its gold label; per-class F1,
    /// SemEval's F_avg and the majority baseline, overall and per target.
    Eval(eval_cmd::EvalArgs),
    /// Explain how texts score: each sentence's voice, entity mentions and topics (with
    /// the words that put them there), each topic's stance and the overall stance, with
    /// every contribution from its rule's weight through each modifier to its value.
    Explain(explain_cmd::ExplainArgs),
}

/// The subject and lexicon options of `compare`, `score` and `report`.
#[derive(Debug, clap::Args)]
struct EngineArgs {
    /// A subject file (default: the bundled `israel-azerbaijan` subject).
    #[arg(long)]
    subject: Option<PathBuf>,
    /// Extra lexicon layers on top of the bundled valence stack.
    #[arg(long, num_args = 1..)]
    lexicon: Vec<PathBuf>,
}

/// The arguments of `stancelens report`.
#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// A corpus folder, a manifest file, or a `.jsonl` file.
    corpus: PathBuf,
    #[command(flatten)]
    engine: EngineArgs,
    /// Output format (csv writes a folder of tables).
    #[arg(long, value_enum, default_value = "html")]
    format: ReportFormat,
    /// The run date printed in the report (default: from `SOURCE_DATE_EPOCH`, else today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// The output file (html, markdown) or folder (csv: sources.csv, topics.csv,
    /// cells.csv, evidence.csv, claims.csv, bias.csv, bias_evidence.csv, reprints.csv).
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// Count each group of reprints (near-duplicate sources) once in rankings,
    /// divergent pairs, omission peers and shared claims.
    #[arg(long)]
    count_reprints_once: bool,
    /// Worker threads for the per-source analysis and for rendering the HTML or
    /// Markdown report (0: every core). The output is the same whatever the number.
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// No summary line on stderr (warnings and errors are still printed).
    #[arg(long)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Html,
    Markdown,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CompareFormat {
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum CorpusCommand {
    /// Validate a corpus and summarise each source: voices, exclusions, byte account.
    Check {
        /// A corpus folder with a `corpus.toml`, a manifest file, or a `.jsonl` file.
        corpus: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print one source's sentences with their voice tags.
    Show {
        /// A corpus folder, a manifest file, or a `.jsonl` file.
        corpus: PathBuf,
        /// The source id.
        id: String,
    },
    /// Write a synthetic JSON Lines corpus built from a sample corpus (for benchmarks):
    /// the same sample, options and seed give the same file, byte for byte.
    Synth(score_cmd::SynthArgs),
}

fn main() -> ExitCode {
    pages::small_pages_only();
    let cli = Cli::parse();
    ALLOW_OUTSIDE.store(cli.allow_outside, std::sync::atomic::Ordering::Relaxed);
    let result = match cli.command {
        Command::Corpus(CorpusCommand::Check { corpus, format }) => check(&corpus, format),
        Command::Corpus(CorpusCommand::Show { corpus, id }) => show(&corpus, &id),
        Command::Corpus(CorpusCommand::Synth(args)) => score_cmd::synth(&args),
        Command::Score {
            corpus,
            output,
            engine,
            threads,
            quiet,
        } => score_cmd::score(&score_cmd::ScoreArgs {
            corpus,
            output,
            subject: engine.subject,
            lexicons: engine.lexicon,
            threads,
            quiet,
        }),
        Command::Valence {
            vader,
            explain,
            lexicons,
            maps,
            inputs,
        } => valence_cmd::run(&valence_cmd::ValenceArgs {
            vader,
            explain,
            lexicons,
            maps,
            inputs,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Compare {
            corpus,
            engine,
            format,
            output,
            count_reprints_once,
            threads,
            quiet,
        } => compare(
            &corpus,
            engine.subject.as_deref(),
            &engine.lexicon,
            format,
            output.as_deref(),
            options(count_reprints_once, threads),
            quiet,
        ),
        Command::Report(args) => report_cmd(&args),
        Command::Eval(args) => eval_cmd::run(&args),
        Command::Explain(args) => explain_cmd::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

/// Load a corpus; on failure, every error on its own line of stderr.
fn load(path: &std::path::Path) -> Result<(Corpus, Vec<Warning>), String> {
    let options = stancelens::corpus::ReadOptions {
        allow_outside: ALLOW_OUTSIDE.load(std::sync::atomic::Ordering::Relaxed),
    };
    Corpus::open_with(path, &options).map_err(|e| corpus_errors(path, &e))
}

/// Every error of a corpus on its own line, then the count.
fn corpus_errors(path: &std::path::Path, e: &CorpusError) -> String {
    let lines: Vec<String> = e.flatten().iter().map(|e| format!("error: {e}")).collect();
    let n = lines.len();
    format!(
        "{}
stancelens: {} has {n} error{}",
        lines.join(
            "
"
        ),
        path.display(),
        if n == 1 { "" } else { "s" }
    )
}

/// File lines (or text lines, without an origin) of byte offsets of one source.
struct LineIndex {
    newlines: Vec<usize>,
    base: u32,
}

impl LineIndex {
    fn new(src: &Source) -> Self {
        LineIndex {
            newlines: src.text.match_indices('\n').map(|(i, _)| i).collect(),
            base: src.origin.as_ref().map_or(1, |o| o.first_line),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let rel = self.newlines.partition_point(|&nl| nl < offset);
        u32::try_from(rel)
            .unwrap_or(u32::MAX)
            .saturating_add(self.base)
    }
}

fn where_of(src: &Source, lines: &LineIndex, span: Span) -> String {
    let line = lines.line(span.start);
    match &src.origin {
        Some(o) => format!("{}:{line}", o.file.display()),
        None => format!("line {line}"),
    }
}

fn name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "?".into(),
    }
}

#[derive(Serialize)]
struct CheckReport<'a> {
    corpus: &'a str,
    sources: Vec<SourceReport<'a>>,
    warnings: Vec<&'a Warning>,
}

#[derive(Serialize)]
struct SourceReport<'a> {
    id: &'a str,
    kind: Option<String>,
    parent: Option<&'a str>,
    title: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<&'a str>,
    file: Option<String>,
    lines: Option<(u32, u32)>,
    tally: stancelens::corpus::VoiceTally,
    excluded: Vec<ExcludedReport<'a>>,
    /// Whether every non-whitespace byte lies in exactly one voice span.
    accounted: bool,
    coverage_error: Option<String>,
}

#[derive(Serialize)]
struct ExcludedReport<'a> {
    reason: String,
    span: Span,
    line: u32,
    origin: VoiceOrigin,
    excerpt: String,
    note: Option<&'a str>,
}

fn report(src: &Source) -> SourceReport<'_> {
    let lines = LineIndex::new(src);
    let excluded = src
        .voices
        .iter()
        .filter(|v| v.voice == Voice::Excluded)
        .map(|v| ExcludedReport {
            reason: v.reason.map_or_else(|| "?".into(), |r| name(&r)),
            span: v.span,
            line: lines.line(v.span.start),
            origin: v.origin,
            excerpt: excerpt(v.span.slice(&src.text), 50),
            note: v.note.as_deref(),
        })
        .collect();
    let last = src.text.trim_end_matches('\n').len();
    SourceReport {
        id: &src.meta.id,
        kind: src.meta.kind.map(|k| name(&k)),
        parent: src.meta.parent.as_deref(),
        title: src.meta.title.as_deref(),
        author: src.meta.author.as_deref(),
        date: src.meta.date.as_deref(),
        file: src.origin.as_ref().map(|o| o.file.display().to_string()),
        lines: src
            .origin
            .as_ref()
            .map(|o| (o.first_line, lines.line(last.saturating_sub(1)))),
        tally: src.tally(),
        excluded,
        accounted: src.check_coverage().is_ok(),
        coverage_error: src.check_coverage().err().map(|e| e.to_string()),
    }
}

fn check(path: &std::path::Path, format: Format) -> Result<ExitCode, String> {
    let (corpus, warnings) = load(path)?;
    let reports: Vec<SourceReport<'_>> = corpus.sources.iter().map(report).collect();
    let bad = reports.iter().filter(|r| !r.accounted).count();
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic: stop writing.
    let _ = match format {
        Format::Json => {
            let rep = CheckReport {
                corpus: &corpus.name,
                sources: reports,
                warnings: warnings.iter().collect(),
            };
            serde_json::to_string_pretty(&rep)
                .map_err(|e| e.to_string())
                .and_then(|s| writeln!(out, "{s}").map_err(|e| e.to_string()))
        }
        Format::Text => {
            write_check(&mut out, &corpus, &reports, &warnings).map_err(|e| e.to_string())
        }
    };
    drop(out);
    if bad > 0 {
        eprintln!("stancelens: {bad} source(s) have bytes not accounted for by voice spans");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_check(
    out: &mut impl Write,
    corpus: &Corpus,
    reports: &[SourceReport<'_>],
    warnings: &[Warning],
) -> std::io::Result<()> {
    writeln!(
        out,
        "corpus {}: {} sources, {} warning(s)",
        corpus.name,
        reports.len(),
        warnings.len()
    )?;
    for r in reports {
        writeln!(out)?;
        let place = match (&r.file, r.lines) {
            (Some(f), Some((a, b))) => format!("  {f}:{a}-{b}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{}  kind={} parent={}{place}",
            r.id,
            r.kind.as_deref().unwrap_or("-"),
            r.parent.unwrap_or("-")
        )?;
        let meta: Vec<String> = [("title", r.title), ("author", r.author), ("date", r.date)]
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
            .collect();
        if !meta.is_empty() {
            writeln!(out, "  {}", meta.join(" | "))?;
        }
        writeln!(
            out,
            "  {:<10} {:>6} {:>9} {:>6}",
            "voice", "words", "sentences", "spans"
        )?;
        for (voice, c) in &r.tally.voices {
            writeln!(
                out,
                "  {voice:<10} {:>6} {:>9} {:>6}",
                c.words, c.sentences, c.spans
            )?;
        }
        for e in &r.excluded {
            let by = if e.origin == VoiceOrigin::Detector {
                " [detector]"
            } else {
                ""
            };
            writeln!(
                out,
                "  excluded {:<10} line {:<4} {}{by}",
                e.reason, e.line, e.excerpt
            )?;
            if let Some(n) = e.note {
                writeln!(out, "           note: {n}")?;
            }
        }
        let t = &r.tally;
        let status = match &r.coverage_error {
            None => "all bytes accounted for".to_string(),
            Some(e) => format!("NOT ACCOUNTED: {e}"),
        };
        writeln!(
            out,
            "  bytes: {} = {} voiced + {} excluded + {} whitespace ({status})",
            t.total_bytes, t.voiced_bytes, t.excluded_bytes, t.whitespace_bytes
        )?;
    }
    if !warnings.is_empty() {
        writeln!(out)?;
        for w in warnings {
            writeln!(out, "{w}")?;
        }
    }
    out.flush()
}

fn show(path: &std::path::Path, id: &str) -> Result<ExitCode, String> {
    let (corpus, _warnings) = load(path)?;
    let Some(src) = corpus.get(id) else {
        let ids: Vec<&str> = corpus.sources.iter().map(|s| s.meta.id.as_str()).collect();
        return Err(format!(
            "error: no source `{id}` in {}; ids: {}",
            path.display(),
            ids.join(", ")
        ));
    };
    let mut out = std::io::stdout().lock();
    let _ = write_show(&mut out, src);
    Ok(ExitCode::SUCCESS)
}

fn write_show(out: &mut impl Write, src: &Source) -> std::io::Result<()> {
    writeln!(out, "# {}", src.meta.id)?;
    let mut noted = None;
    let lines = LineIndex::new(src);
    for s in src.voiced_sentences() {
        let tag = match (s.voice, s.reason) {
            (Voice::Excluded, Some(r)) => format!("excluded:{}", name(&r)),
            (v, _) => name(&v),
        };
        let text: String = s
            .span
            .slice(&src.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        writeln!(out, "{:<12} [{tag}] {text}", where_of(src, &lines, s.span))?;
        let v = src.voices.get(s.voice_index);
        if let Some(note) = v.and_then(|v| v.note.as_deref()) {
            // Once per excluded span, not per sentence.
            if s.voice == Voice::Excluded && noted != Some(s.voice_index) {
                writeln!(out, "{:<12}   note: {note}", "")?;
                noted = Some(s.voice_index);
            }
        }
    }
    Ok(())
}

/// Load the corpus (warnings to stderr), the subject and the lexicon stack, and compare.
fn run_compare(
    corpus: &std::path::Path,
    subject: Option<&std::path::Path>,
    lexicons: &[PathBuf],
    options: stancelens::compare::CompareOptions,
) -> Result<
    (
        Corpus,
        ManuallyDrop<stancelens::stance::StanceEngine>,
        stancelens::compare::Comparison,
    ),
    String,
> {
    let (corpus, warnings) = load(corpus)?;
    for w in &warnings {
        eprintln!("{w}"); // Warning displays as `file:line:col: warning: …`
    }
    let (engine, rules) = engine_and_rules(subject, lexicons)?;
    let cmp = stancelens::compare::compare_with_rules(&corpus, &engine, &rules, &options);
    Ok((corpus, engine, cmp))
}

/// The stance engine (subject and lexicon stack) and the bias rules. Never dropped: they
/// live until the process ends, and freeing their tables one by one at exit costs more
/// than a small run's scoring.
fn engine_and_rules(
    subject: Option<&std::path::Path>,
    lexicons: &[PathBuf],
) -> Result<
    (
        ManuallyDrop<stancelens::stance::StanceEngine>,
        ManuallyDrop<stancelens::bias::BiasRules>,
    ),
    String,
> {
    use stancelens::lexicon::{bundled, Lexicon, LexiconError};
    use stancelens::topics::Subject;
    let problems = |e: LexiconError| {
        let lines: Vec<String> = e.problems.iter().map(|p| format!("error: {p}")).collect();
        lines.join("\n")
    };
    let subject = match subject {
        Some(p) => Subject::from_file(p),
        None => Subject::bundled("israel-azerbaijan"),
    }
    .map_err(problems)?;
    let mut stack = bundled::valence_stack().map_err(problems)?;
    if !lexicons.is_empty() {
        // Layered again only when there is something to layer: it copies every entry.
        let mut layers = vec![stack];
        for l in lexicons {
            layers.push(Lexicon::from_file(l).map_err(problems)?);
        }
        stack = Lexicon::layered(layers).map_err(problems)?;
    }
    let engine = stancelens::stance::StanceEngine::new(subject, stack).map_err(problems)?;
    let rules = stancelens::bias::BiasRules::bundled().map_err(problems)?;
    Ok((ManuallyDrop::new(engine), ManuallyDrop::new(rules)))
}

/// Compare a JSON Lines corpus as a stream (memory: what the comparison keeps, not the
/// texts); the same output as loading it first.
fn compare_streamed(
    path: &std::path::Path,
    subject: Option<&std::path::Path>,
    lexicons: &[PathBuf],
    options: stancelens::compare::CompareOptions,
    quiet: bool,
) -> Result<stancelens::compare::Comparison, String> {
    let (engine, rules) = engine_and_rules(subject, lexicons)?;
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let total = file.metadata().ok().map(|m| m.len());
    let progress = score_cmd::Progress::new(quiet, Default::default(), total);
    let mut reader = std::io::BufReader::with_capacity(
        1 << 18,
        score_cmd::ProgressReader {
            inner: file,
            progress,
        },
    );
    let result = stancelens::compare::compare_jsonl(&mut reader, path, &engine, &rules, &options);
    reader.get_mut().progress.clear();
    let (cmp, warnings) = result.map_err(|e| corpus_errors(path, &e))?;
    for w in &warnings {
        eprintln!("{w}");
    }
    Ok(cmp)
}

/// `stancelens compare`.
fn compare(
    corpus: &std::path::Path,
    subject: Option<&std::path::Path>,
    lexicons: &[PathBuf],
    format: CompareFormat,
    output: Option<&std::path::Path>,
    options: stancelens::compare::CompareOptions,
    quiet: bool,
) -> Result<ExitCode, String> {
    let cmp = if corpus.extension().is_some_and(|e| e == "jsonl") && corpus.is_file() {
        compare_streamed(corpus, subject, lexicons, options, quiet)?
    } else {
        run_compare(corpus, subject, lexicons, options)?.2
    };
    // Written as it is serialised: the pretty JSON of a large comparison is several times
    // the comparison's own size, and need not be held as one string.
    write_output(output, |out| match format {
        CompareFormat::Json => json_to(out, &cmp),
        CompareFormat::Markdown => out.write_all(cmp.to_markdown().as_bytes()),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `write` on a buffered `output` file (stdout when `None`) and flushes it; errors
/// name the file.
fn write_output(
    output: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let (sink, name): (Box<dyn Write>, String) = match output {
        Some(p) => (
            Box::new(std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?),
            p.display().to_string(),
        ),
        None => (Box::new(std::io::stdout().lock()), "<stdout>".to_owned()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| format!("{name}: {e}"))
}

/// Pretty JSON and a final newline.
fn json_to<T: Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// The comparison options the `compare` and `report` flags give.
fn options(count_reprints_once: bool, threads: usize) -> stancelens::compare::CompareOptions {
    stancelens::compare::CompareOptions {
        count_reprints_once,
        threads,
    }
}

/// The civil date (UTC) of a Unix time: days-from-civil inverted (proleptic Gregorian).
fn utc_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The run date: `--date`, else `SOURCE_DATE_EPOCH` (reproducible builds), else today (UTC).
fn run_date(date: Option<String>) -> Result<String, String> {
    if let Some(d) = date {
        stancelens::corpus::validate_date(&d).map_err(|e| format!("error: --date {d:?}: {e}"))?;
        return Ok(d);
    }
    if let Some(v) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let s = v.to_string_lossy();
        let secs: i64 = s.trim().parse().map_err(|_| {
            format!("error: SOURCE_DATE_EPOCH={s:?} is not a whole number of seconds")
        })?;
        return Ok(utc_date(secs));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Ok(utc_date(now))
}

/// `stancelens report`.
fn report_cmd(args: &ReportArgs) -> Result<ExitCode, String> {
    use stancelens::report::{self, ReportOptions};
    let (corpus, subject, lexicons) = (
        &args.corpus,
        args.engine.subject.as_deref(),
        &args.engine.lexicon,
    );
    let (format, output, quiet) = (args.format, args.output.as_path(), args.quiet);
    let options = options(args.count_reprints_once, args.threads);
    let run_date = run_date(args.date.clone())?;
    // Check the output path before the analysis, not after.
    if format == ReportFormat::Csv && output.is_file() {
        return Err(format!(
            "error: {}: --format csv writes a folder of tables, but this is a file",
            output.display()
        ));
    }
    if format != ReportFormat::Csv && output.is_dir() {
        let ext = if format == ReportFormat::Html {
            "html"
        } else {
            "md"
        };
        return Err(format!(
            "error: {}: is a folder; give a file name (e.g. {}/report.{ext})",
            output.display(),
            output.display(),
        ));
    }
    let threads = options.threads;
    let (corpus, engine, cmp) = run_compare(corpus, subject, lexicons, options)?;
    let opts = ReportOptions {
        run_date: Some(run_date),
        threads,
        ..ReportOptions::from_engine(&engine)
    };
    let io = |p: &std::path::Path, e: std::io::Error| format!("error: {}: {e}", p.display());
    match format {
        ReportFormat::Csv => {
            std::fs::create_dir_all(output).map_err(|e| io(output, e))?;
            let tables = report::csv(&cmp, &corpus);
            for (name, content) in tables.files() {
                let p = output.join(name);
                std::fs::write(&p, content).map_err(|e| io(&p, e))?;
            }
        }
        ReportFormat::Html | ReportFormat::Markdown => {
            if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
            let file = std::fs::File::create(output).map_err(|e| io(output, e))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            // Written as rendered (a large corpus makes a page of hundreds of MB).
            let written = if format == ReportFormat::Html {
                report::write_html(&cmp, &corpus, &opts, &mut w)
            } else {
                report::write_markdown(&cmp, &corpus, &opts, &mut w)
            };
            written
                .and_then(|()| w.flush())
                .map_err(|e| io(output, e))?;
        }
    }
    if !quiet {
        eprintln!("stancelens: wrote {}", output.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    /// After `small_pages_only`, Linux reports huge pages off for the process (kernels that
    /// show the flag in /proc/self/status; the others are not checked).
    #[test]
    #[cfg(target_os = "linux")]
    fn small_pages_only_turns_huge_pages_off() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
            return;
        }
        super::pages::small_pages_only();
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) {
            assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
        }
    }
}
