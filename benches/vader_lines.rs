//! Reads text from stdin, scores each line with the VADER-exact mode, and prints one JSON line:
//! bytes, lines, seconds (scoring only, not reading), MB/s and the sum of compounds (checksum
//! against Python). With `--scores`, prints each line's scores instead. `--repeat N` scores the
//! input N times (MB/s over all of them). `cpu_mb_per_s` uses the thread's on-CPU time from
//! /proc/thread-self/schedstat (Linux), which is less disturbed by other load than wall time.
//! `--default` scores with the default (explainable) mode instead, as `ValenceScorer::score`
//! (used by `benches/python_bench.py` to time the core against the Python package).

use stancelens::valence::{vader, ValenceScorer};
use std::io::{Read, Write};
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read stdin: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let args: Vec<String> = std::env::args().collect();
    let print_scores = args.iter().any(|a| a == "--scores");
    let default_mode = match args.iter().any(|a| a == "--default") {
        false => None,
        true => match ValenceScorer::bundled() {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("{e}");
                return std::process::ExitCode::FAILURE;
            }
        },
    };
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|k| args.get(k + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let lines: Vec<&str> = input.split('\n').collect();
    let mut a = vader::Analyzer::new();
    a.polarity_scores("warm up the tables");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let c0 = on_cpu_ns();
    let t0 = Instant::now();
    let mut sum = 0.0;
    if print_scores {
        for l in &lines {
            let s = a.polarity_scores(l);
            let _ = writeln!(out, "{} {} {} {}", s.neg, s.neu, s.pos, s.compound);
        }
    } else {
        for _ in 0..repeat {
            sum = 0.0;
            for l in &lines {
                sum += match &default_mode {
                    Some(scorer) => scorer.score(l).compound,
                    None => a.polarity_scores(l).compound,
                };
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu_secs = on_cpu_ns().zip(c0).map(|(b, a)| (b - a) as f64 / 1e9);
    let bytes = (input.len() * repeat) as f64;
    if !print_scores {
        let _ = writeln!(
            out,
            "{{\"bytes\": {}, \"lines\": {}, \"repeat\": {repeat}, \"seconds\": {secs}, \"mb_per_s\": {}, \"cpu_mb_per_s\": {}, \"compound_sum\": {sum}}}",
            input.len(),
            lines.len(),
            bytes / 1e6 / secs,
            cpu_secs.map_or("null".to_string(), |c| (bytes / 1e6 / c).to_string())
        );
    }
    std::process::ExitCode::SUCCESS
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat), if available.
fn on_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
