//! `stancelens score` (streaming per-source scores) and `stancelens corpus synth`
//! (synthetic corpora for benchmarks).

use stancelens::corpus::synth::{self, Synth, SynthOptions, SynthSize};
use stancelens::corpus::{Corpus, JsonlSources};
use stancelens::score::{ScoreError, ScoreOptions, ScoreProgress, Scorer};
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Output buffer: large writes, few syscalls.
const OUT_BUFFER: usize = 1 << 18;

/// The arguments of `stancelens score`.
#[derive(Debug)]
pub struct ScoreArgs {
    pub corpus: PathBuf,
    pub output: PathBuf,
    pub subject: Option<PathBuf>,
    pub lexicons: Vec<PathBuf>,
    pub threads: usize,
    pub quiet: bool,
}

/// Counts the bytes read through it, for the progress line.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Progress on stderr: a line redrawn in place on a terminal (every 0.2 s), else a plain
/// line every 10 s (logs); nothing with `--quiet`.
pub(crate) struct Progress {
    quiet: bool,
    terminal: bool,
    start: Instant,
    last: Instant,
    read: Arc<AtomicU64>,
    total: Option<u64>,
    drawn: bool,
    every: Duration,
}

/// The progress interval: `STANCELENS_PROGRESS_MS` when set (e.g. for logs), else 0.2 s on
/// a terminal and 10 s otherwise.
fn progress_interval(terminal: bool) -> Duration {
    match std::env::var("STANCELENS_PROGRESS_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(ms) => Duration::from_millis(ms),
        None if terminal => Duration::from_millis(200),
        None => Duration::from_secs(10),
    }
}

impl Progress {
    pub(crate) fn new(quiet: bool, read: Arc<AtomicU64>, total: Option<u64>) -> Progress {
        let now = Instant::now();
        let terminal = std::io::stderr().is_terminal();
        Progress {
            quiet,
            terminal,
            every: progress_interval(terminal),
            start: now,
            last: now,
            read,
            total,
            drawn: false,
        }
    }

    /// `sources`: the count so far, when the caller knows it.
    fn text(&self, sources: Option<u64>) -> String {
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let read = self.read.load(Ordering::Relaxed) as f64 / 1e6;
        let of = match self.total {
            Some(t) if t > 0 => format!(
                " of {:.1} MB ({:.0}%)",
                t as f64 / 1e6,
                100.0 * read * 1e6 / t as f64
            ),
            _ => String::new(),
        };
        let count = sources.map_or_else(String::new, |n| format!("{n} sources, "));
        format!(
            "stancelens: {count}{read:.1} MB read{of}, {:.1} MB/s, {secs:.0} s",
            read / secs
        )
    }

    pub(crate) fn update(&mut self, sources: Option<u64>) {
        let every = self.every;
        if self.quiet || self.last.elapsed() < every {
            return;
        }
        self.last = Instant::now();
        let text = self.text(sources);
        let mut err = std::io::stderr().lock();
        // Progress is best effort: a closed stderr must not stop the run.
        let _ = if self.terminal {
            write!(err, "\r\x1b[2K{text}")
        } else {
            writeln!(err, "{text}")
        };
        self.drawn = true;
    }

    pub(crate) fn clear(&mut self) {
        if self.drawn && self.terminal {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
        self.drawn = false;
    }
}

/// A reader that counts its bytes and draws the progress line as it goes (for
/// `compare`, whose reading and analysing happen inside one library call).
pub(crate) struct ProgressReader<R> {
    pub(crate) inner: R,
    pub(crate) progress: Progress,
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read.fetch_add(n as u64, Ordering::Relaxed);
        self.progress.update(None);
        Ok(n)
    }
}

fn open_input(
    path: &Path,
    read: Arc<AtomicU64>,
) -> Result<(Box<dyn BufRead + Send>, Option<u64>), String> {
    if path == Path::new("-") {
        let r = Counting {
            inner: std::io::stdin(),
            read,
        };
        return Ok((Box::new(BufReader::with_capacity(OUT_BUFFER, r)), None));
    }
    let f = std::fs::File::open(path).map_err(|e| format!("error: {}: {e}", path.display()))?;
    let total = f.metadata().ok().map(|m| m.len());
    let r = Counting { inner: f, read };
    Ok((Box::new(BufReader::with_capacity(OUT_BUFFER, r)), total))
}

fn open_output(path: &Path) -> Result<Box<dyn Write>, String> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::BufWriter::with_capacity(
            OUT_BUFFER,
            std::io::stdout(),
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("error: {}: {e}", dir.display()))?;
    }
    let f = std::fs::File::create(path).map_err(|e| format!("error: {}: {e}", path.display()))?;
    Ok(Box::new(std::io::BufWriter::with_capacity(OUT_BUFFER, f)))
}

/// `stancelens score`.
pub fn score(args: &ScoreArgs) -> Result<ExitCode, String> {
    let (engine, rules) = crate::engine_and_rules(args.subject.as_deref(), &args.lexicons)?;
    let scorer = Scorer::new(&engine, &rules);
    let read = Arc::new(AtomicU64::new(0));
    let (input, total) = open_input(&args.corpus, Arc::clone(&read))?;
    let name = if args.corpus == Path::new("-") {
        PathBuf::from("<stdin>")
    } else {
        args.corpus.clone()
    };
    let sources = JsonlSources::new(input, name);
    let mut out = open_output(&args.output)?;
    let mut progress = Progress::new(args.quiet, Arc::clone(&read), total);
    let result = scorer.write_jsonl(
        sources,
        &mut out,
        &ScoreOptions {
            threads: args.threads,
        },
        |p: &ScoreProgress| progress.update(Some(p.sources)),
    );
    progress.clear();
    let flushed = out.flush();
    let out_name = args.output.display();
    match result {
        Ok(summary) => {
            flushed.map_err(|e| format!("error: {out_name}: {e}"))?;
            for w in &summary.warning_list {
                eprintln!("{w}");
            }
            if !args.quiet {
                let secs = progress.start.elapsed().as_secs_f64().max(1e-9);
                let mb = read.load(Ordering::Relaxed) as f64 / 1e6;
                eprintln!(
                    "stancelens: scored {} sources ({mb:.1} MB read, {:.1} MB of text) in {secs:.1} s, {:.1} MB/s; wrote {out_name}",
                    summary.sources,
                    summary.text_bytes as f64 / 1e6,
                    mb / secs
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ScoreError::Corpus { error, written }) => {
            let lines: Vec<String> = error
                .flatten()
                .iter()
                .map(|e| format!("error: {e}"))
                .collect();
            Err(format!(
                "{}\nstancelens: stopped; the {written} source(s) before the error are in {out_name}, which has no `end` line",
                lines.join("\n")
            ))
        }
        Err(e) => Err(format!("error: {out_name}: {e}")),
    }
}

/// A size with an optional unit: `123`, `10KB`, `100MB`, `1GB` (powers of 1000) or `KiB`,
/// `MiB`, `GiB` (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let value: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 100MB, 1GB, 512KiB)"))?;
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1u64,
        "kb" | "k" => 1_000,
        "mb" | "m" => 1_000_000,
        "gb" | "g" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{s}`: unknown unit `{unit}` (B, KB, MB, GB, KiB, MiB, GiB)"
            ))
        }
    };
    Ok((value * scale as f64).round() as u64)
}

/// The arguments of `stancelens corpus synth`.
#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// The sample corpus (folder, manifest or `.jsonl`).
    #[arg(long)]
    pub from: PathBuf,
    /// PRNG seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop once the file has this size: `10MB`, `1GB`, `512KiB`, or bytes.
    #[arg(long, conflicts_with = "sources", required_unless_present = "sources")]
    pub size: Option<String>,
    /// Stop after this many sources.
    #[arg(long)]
    pub sources: Option<u64>,
    /// Sources of about this many bytes (a random run of a sample source's paragraphs);
    /// default: whole sample sources.
    #[arg(long, value_name = "BYTES")]
    pub source_bytes: Option<usize>,
    /// One source in K is a random mix of sample sentences (0: none).
    #[arg(long, default_value_t = 4, value_name = "K")]
    pub mix_one_in: u32,
    /// The output file (`-`: standard output).
    #[arg(short = 'o', long)]
    pub output: PathBuf,
    /// No summary on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// `stancelens corpus synth`.
pub fn synth(args: &SynthArgs) -> Result<ExitCode, String> {
    let size = match (&args.size, args.sources) {
        (Some(s), None) => {
            SynthSize::Bytes(parse_size(s).map_err(|e| format!("error: --size {e}"))?)
        }
        (None, Some(n)) => SynthSize::Sources(n),
        _ => return Err("error: give one of --size and --sources".into()),
    };
    let (sample, _) = Corpus::open(&args.from).map_err(|e| {
        let lines: Vec<String> = e.flatten().iter().map(|e| format!("error: {e}")).collect();
        lines.join("\n")
    })?;
    let synth = Synth::new(&sample).map_err(|e| format!("error: {}: {e}", args.from.display()))?;
    let options = SynthOptions {
        seed: args.seed,
        per_source: args.source_bytes,
        mix_one_in: args.mix_one_in,
    };
    let mut out = open_output(&args.output)?;
    let out_name = args.output.display();
    let start = Instant::now();
    let (n, bytes) = synth::write_jsonl(&synth, options, size, &mut out)
        .map_err(|e| format!("error: {out_name}: {e}"))?;
    out.flush().map_err(|e| format!("error: {out_name}: {e}"))?;
    if !args.quiet {
        eprintln!(
            "stancelens: wrote {n} sources, {:.1} MB, to {out_name} in {:.1} s",
            bytes as f64 / 1e6,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("123"), Ok(123));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("1.5 KiB"), Ok(1536));
        assert!(parse_size("ten MB").is_err());
        assert!(parse_size("10 parsecs").is_err());
    }
}
