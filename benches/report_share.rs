//! CPU time (all threads, from /proc/self/stat) and wall time of `compare` and of each
//! report on the 10 MB synthetic corpus of the benches, in one process, so the share holds
//! under a loaded machine. Run: `cargo run --release -p stancelens-benches --bin report_share`.
#![allow(clippy::unwrap_used)]
#[path = "../crates/stancelens-cli/src/pages.rs"]
mod pages;
#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;
use stancelens::compare::{compare_with, CompareOptions};
use stancelens::report::{self, ReportOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

/// The allocator of the `stancelens` binary, so the shares are those of `stancelens report`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn cpu_ms() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = &s[s.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) * 10.0
}
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let (c, w) = (cpu_ms(), std::time::Instant::now());
    for _ in 0..n {
        std::hint::black_box(f());
    }
    (
        (cpu_ms() - c) / n as f64,
        w.elapsed().as_secs_f64() * 1000.0 / n as f64,
    )
}
fn main() {
    pages::small_pages_only();
    // SIZE=N: an N MB corpus (default 10; 1 for instruction counts under callgrind).
    let mb: usize = std::env::var("SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let corpus = synth::from_sample()
        .unwrap()
        .corpus(mb * 1024 * 1024, None, 0x5eed);
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    // THREADS=N: the comparison and the reports on N workers (default 0: every core).
    let threads = std::env::var("THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let opts = ReportOptions {
        threads,
        ..ReportOptions::from_engine(&engine)
    };
    let options = CompareOptions {
        threads,
        ..CompareOptions::default()
    };
    let compare = |corpus: &stancelens::corpus::Corpus, engine: &StanceEngine| {
        compare_with(corpus, engine, &options)
    };
    // ONCE=1 (or ONCE=path, ONCE=md): what one `stancelens report` run does after reading the
    // corpus: one comparison, then one page written as it is rendered (to a sink, to the file
    // at path, or the Markdown report to a sink), each timed once, so the page's memory is as fresh as in the CLI. Run it several
    // times and sum: CPU time comes in 10 ms ticks.
    if let Some(once) = std::env::var_os("ONCE") {
        let mut cmp = None;
        let c = time(1, || cmp = Some(compare(&corpus, &engine)));
        let cmp = cmp.unwrap();
        let h = if once == "1" {
            time(1, || {
                report::write_html(&cmp, &corpus, &opts, &mut std::io::sink()).is_ok()
            })
        } else if once == "md" {
            time(1, || {
                report::write_markdown(&cmp, &corpus, &opts, &mut std::io::sink()).is_ok()
            })
        } else {
            time(1, || {
                let mut f = std::io::BufWriter::new(std::fs::File::create(&once).unwrap());
                let ok = report::write_html(&cmp, &corpus, &opts, &mut f).is_ok();
                std::io::Write::flush(&mut f).is_ok() && ok
            })
        };
        println!("once (cpu ms, wall ms): compare {c:?} streamed {h:?}");
        return;
    }
    let cmp = compare(&corpus, &engine);
    // HTML_OUT=path writes the HTML report of the corpus (to check that a change to the
    // renderer leaves its output byte-identical).
    if let Some(path) = std::env::var_os("HTML_OUT") {
        std::fs::write(path, report::html(&cmp, &corpus, &opts)).unwrap();
        return;
    }
    // ONLY=html|streamed|md|csv renders that report REPEAT (8) times and nothing else (for profilers).
    if let Some(which) = std::env::var_os("ONLY") {
        let repeat: usize = std::env::var("REPEAT")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(8);
        for _ in 0..repeat {
            match which.to_str() {
                Some("html") => std::hint::black_box(report::html(&cmp, &corpus, &opts).len()),
                Some("streamed") => std::hint::black_box(usize::from(
                    report::write_html(&cmp, &corpus, &opts, &mut std::io::sink()).is_ok(),
                )),
                Some("md") => std::hint::black_box(report::markdown(&cmp, &corpus, &opts).len()),
                _ => std::hint::black_box(report::csv(&cmp, &corpus).evidence.len()),
            };
        }
        return;
    }
    let ev: usize = cmp.cells.iter().map(|c| c.evidence.len()).sum();
    let hits: usize = cmp
        .cells
        .iter()
        .flat_map(|c| &c.evidence)
        .map(|e| e.contributions.len())
        .sum();
    let bias: usize = cmp
        .bias
        .iter()
        .map(|b| {
            b.cues.loaded.evidence.len()
                + b.cues.hedging.evidence.len()
                + b.cues.one_sided.evidence.len()
                + b.cues.attribution.evidence.len()
                + b.cues.voices.evidence.len()
        })
        .sum();
    let claims: usize = cmp.claims.iter().map(|g| g.members.len()).sum();
    println!("sources {} cells {} evidence sentences {ev} hits {hits} bias evidence {bias} claim members {claims}", cmp.sources.len(), cmp.cells.len());
    let c = time(3, || compare(&corpus, &engine).cells.len());
    let h = time(5, || report::html(&cmp, &corpus, &opts).len());
    // What `stancelens report` does: the page written as it is rendered (here to a sink).
    let hs = time(5, || {
        report::write_html(&cmp, &corpus, &opts, &mut std::io::sink()).is_ok()
    });
    let m = time(5, || report::markdown(&cmp, &corpus, &opts).len());
    let v = time(5, || report::csv(&cmp, &corpus).evidence.len());
    println!("(cpu ms, wall ms): compare {c:?} html {h:?} html streamed {hs:?} md {m:?} csv {v:?}");
    println!(
        "cpu share: html {:.1}% html streamed {:.1}% md {:.1}% csv {:.1}%",
        100.0 * h.0 / c.0,
        100.0 * hs.0 / c.0,
        100.0 * m.0 / c.0,
        100.0 * v.0 / c.0
    );
    println!(
        "wall share: html {:.1}% html streamed {:.1}% md {:.1}% csv {:.1}%",
        100.0 * h.1 / c.1,
        100.0 * hs.1 / c.1,
        100.0 * m.1 / c.1,
        100.0 * v.1 / c.1
    );
}
