#!/usr/bin/env python3
"""Speed of the Python package against the Rust core and against vaderSentiment.

Usage (after `pip install .` into .venv, see README "Python"):

    .venv/bin/python benches/python_bench.py [--vader-mb 1.0] [--repeat 5] [--criterion PATH]

1. `Analyzer().valence_batch(lines)` over the seed texts replicated to 10 MiB, the input of
   `cargo bench -p stancelens-benches --bench valence` (`valence/default_mode_lines_10MB`), built
   the same way (benches/corpus.rs): *.txt of the sample sorted by name, each ending in a newline,
   repeated until >= 10 MiB, cut into lines. Prints the median of --repeat runs (the call only;
   freeing the results is timed apart) and, when criterion has run, its median and the ratio.
2. `stancelens.vader.SentimentIntensityAnalyzer` against vaderSentiment 3.3.2 on the same lines
   (the first --vader-mb MB), one `polarity_scores` call per line in a Python loop, in one run;
   checks that every dict is identical and prints the speed-up. Every timed block starts after
   `gc.collect()`: without it, the collector's work on the objects the previous block left
   (vaderSentiment makes hundreds of thousands per round) lands in the next block, which tripled
   the per-call time of the drop-in (2.9-3.5 us against 9-10 us per call, docs/performance.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replicated(target: int) -> str:
    seeds = Path(os.environ.get("STANCELENS_SEEDS_DIR", ROOT / "fixtures" / "israel-azerbaijan"))
    one = ""
    for p in sorted(seeds.glob("*.txt")):
        one += p.read_text(encoding="utf-8")
        if not one.endswith("\n"):
            one += "\n"
    # As many copies as `while out.len() < target { out.push_str(&one) }` makes.
    size = len(one.encode("utf-8"))
    text = one * max(1, -(-target // size))
    return text


def rust_lines(text: str) -> list:
    """`str::lines()` of Rust: split at \\n, drop one trailing \\r, no final empty line."""
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return [p[:-1] if p.endswith("\r") else p for p in parts]


def criterion_median(path: Path) -> float | None:
    est = path / "new" / "estimates.json"
    if not est.is_file():
        return None
    return json.loads(est.read_text())["median"]["point_estimate"] / 1e9


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--vader-mb", type=float, default=1.0)
    ap.add_argument("--criterion", type=Path,
                    default=ROOT / "target" / "criterion" / "valence" / "default_mode_lines_10MB")
    args = ap.parse_args()

    import stancelens
    from stancelens.vader import SentimentIntensityAnalyzer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Reference

    print(f"stancelens {stancelens.__version__}; load average at start {os.getloadavg()}")
    text = replicated(10 * 1024 * 1024)
    nbytes = len(text.encode("utf-8"))
    lines = rust_lines(text)
    mib = nbytes / 2**20
    print(f"input: {nbytes} bytes ({mib:.2f} MiB), {len(lines)} lines")

    analyzer = stancelens.Analyzer()
    analyzer.valence_batch(lines[:1000])  # warm up
    times, cpus, frees = [], [], []
    for _ in range(args.repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.thread_time()
        out = analyzer.valence_batch(lines)
        times.append(time.perf_counter() - t0)
        cpus.append(time.thread_time() - c0)
        t0 = time.perf_counter()
        del out
        frees.append(time.perf_counter() - t0)
    py = statistics.median(times)
    print(f"valence_batch: median {py:.3f} s of {args.repeat} ({mib / py:.2f} MiB/s); "
          f"runs {', '.join(f'{t:.3f}' for t in times)}; on-CPU median "
          f"{statistics.median(cpus):.3f} s; freeing the results: median "
          f"{statistics.median(frees):.3f} s")
    # The same loop in Rust (release profile, like criterion's bench profile), timed on-CPU in
    # this run: the load of a shared machine disturbs on-CPU time far less than wall time.
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "stancelens-benches",
                    "--bin", "vader_lines"], cwd=ROOT, check=True)
    exe = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "vader_lines"
    r = json.loads(subprocess.run([str(exe), "--default", "--repeat", str(args.repeat)],
                                  input=text.encode("utf-8"), capture_output=True,
                                  check=True).stdout)
    rust_cpu = r["bytes"] / 1e6 / r["cpu_mb_per_s"]
    py_cpu = statistics.median(cpus)
    print(f"rust default mode, same lines (vader_lines --default, {args.repeat} passes): "
          f"{r['seconds'] / args.repeat:.3f} s wall, {rust_cpu:.3f} s on-CPU per pass; "
          f"Python / Rust on-CPU = {py_cpu / rust_cpu:.3f} ({(py_cpu / rust_cpu - 1) * 100:+.1f} %)")
    rust = criterion_median(args.criterion)
    if rust is None:
        print(f"criterion: no estimate at {args.criterion} (run `cargo bench -p "
              "stancelens-benches --bench valence -- default_mode`)")
    else:
        print(f"criterion default_mode_lines_10MB: median {rust:.3f} s ({mib / rust:.2f} MiB/s); "
              f"Python / Rust time = {py / rust:.3f} ({(py / rust - 1) * 100:+.1f} %)")

    # The drop-in: same lines, one call per line, both in this process. Rounds alternate the
    # two so that a busy machine slows both alike; medians (and best) over the rounds.
    sample, size = [], 0
    for ln in lines:
        if size >= args.vader_mb * 1e6:
            break
        sample.append(ln)
        size += len(ln.encode("utf-8")) + 1
    ref, ours = Reference(), SentimentIntensityAnalyzer()
    ref.polarity_scores("warm up")
    ours.polarity_scores("warm up")
    t_ref, t_ours, t_batch, same = [], [], [], True
    c_ref, c_ours = [], []
    for _ in range(args.repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.thread_time()
        a = [ref.polarity_scores(s) for s in sample]
        t_ref.append(time.perf_counter() - t0)
        c_ref.append(time.thread_time() - c0)
        gc.collect()
        t0, c0 = time.perf_counter(), time.thread_time()
        b = [ours.polarity_scores(s) for s in sample]
        t_ours.append(time.perf_counter() - t0)
        c_ours.append(time.thread_time() - c0)
        gc.collect()
        t0 = time.perf_counter()
        c = ours.polarity_scores_batch(sample)
        t_batch.append(time.perf_counter() - t0)
        same = same and a == b == c
        # Free this round's results outside the timed blocks: otherwise the next round's
        # assignment frees them inside its timing (as `valence_batch` above times it apart).
        del a, b, c
    r, o, bt = (statistics.median(x) for x in (t_ref, t_ours, t_batch))
    print(f"vader on {len(sample)} lines ({size / 1e6:.2f} MB), {args.repeat} alternating rounds, "
          f"median (best): vaderSentiment {r:.3f} s ({min(t_ref):.3f}), stancelens.vader "
          f"{o:.4f} s ({min(t_ours):.4f}) per call = {r / o:.1f}x ({min(t_ref) / min(t_ours):.1f}x), "
          f"polarity_scores_batch {bt:.4f} s ({min(t_batch):.4f}) = {r / bt:.1f}x "
          f"({min(t_ref) / min(t_batch):.1f}x); identical dicts: {same}")
    cr, co = statistics.median(c_ref), statistics.median(c_ours)
    print(f"vader on-CPU (thread time) medians: vaderSentiment {cr:.3f} s, stancelens.vader "
          f"{co:.4f} s per call = {cr / co:.1f}x")
    print(f"load average at end {os.getloadavg()}")
    if not same:
        raise SystemExit("stancelens.vader differs from vaderSentiment")


if __name__ == "__main__":
    main()
