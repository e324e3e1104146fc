#!/usr/bin/env python3
"""Scale benchmark of the release CLI: `stancelens score` on synthetic JSON Lines corpora of
growing size (1 and 2 threads) and `stancelens compare` on 10,000 and 100,000 sources.

Generates the corpora with `stancelens corpus synth` (fixed seed), measures each run in its own
process (wall time, CPU time and peak RSS from wait4's rusage of that child), checks that
`score` writes the same bytes for every thread count, deletes the corpora, and writes the table
between the `scale.py` markers of docs/performance.md (the rest of the file is left alone).

    python3 benches/scale.py                       # 10MB 100MB 1GB; compare 10000 100000
    python3 benches/scale.py --sizes 10MB --compare 1000 --doc /tmp/perf.md   # a quick try

Not a test: it prints and records figures; the targets are judged in the doc from them.
"""

import argparse
import datetime
import hashlib
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "stancelens")
SAMPLE = os.path.join(ROOT, "fixtures", "israel-azerbaijan")
BEGIN = "<!-- scale.py:begin -->"
END = "<!-- scale.py:end -->"
SEED = 1


def load():
    return "%.1f" % os.getloadavg()[0]


def measure(args, stdout=subprocess.DEVNULL):
    """Run one child; wall seconds, CPU seconds (user + sys), peak RSS (MB), exit code."""
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE)
    # wait4: the rusage of this child alone (RUSAGE_CHILDREN would be the max over all).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("failed (%d): %s\n%s" % (code, " ".join(args), err))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def synth(path, extra):
    args = [BIN, "corpus", "synth", "--from", SAMPLE, "--seed", str(SEED), "-o", path, "--quiet"]
    wall, _, _ = measure(args + extra)
    return wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10MB,100MB,1GB", help="score corpus sizes")
    ap.add_argument("--threads", default="1,2", help="thread counts")
    ap.add_argument("--compare", default="10000,100000", help="compare corpus sizes in sources")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "scale"), help="scratch folder")
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "performance.md"))
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    opts = ap.parse_args()
    threads = [int(t) for t in opts.threads.split(",")]
    os.makedirs(opts.work, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "stancelens-cli"], cwd=ROOT, check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = []  # (command, corpus, MB, sources, threads, wall, cpu, rss, load)
    notes = []
    for size in [s for s in opts.sizes.split(",") if s]:
        corpus = os.path.join(opts.work, "score-%s.jsonl" % size)
        gen = synth(corpus, ["--size", size])
        mb = os.path.getsize(corpus) / 1e6
        n = count_lines(corpus)
        print("generated %s: %.1f MB, %d sources in %.1f s" % (size, mb, n, gen), flush=True)
        digests = set()
        for t in threads:
            out = os.path.join(opts.work, "scores.jsonl")
            before = load()
            wall, cpu, rss = measure([BIN, "score", corpus, "-o", out, "--threads", str(t), "--quiet"])
            digests.add(sha256(out))
            os.remove(out)
            row = ("score", size, mb, n, t, wall, cpu, rss, "%s→%s" % (before, load()))
            rows.append(row)
            print("score %s threads=%d: %.2f s, %.2f MB/s, CPU %.2f s, peak RSS %.0f MB, load %s"
                  % (size, t, wall, mb / wall, cpu, rss, row[-1]), flush=True)
        if len(digests) != 1:
            sys.exit("score output differs between thread counts on %s" % size)
        notes.append("`score` output identical (sha256) for threads %s on %s" % (opts.threads, size))
        if not opts.keep:
            os.remove(corpus)
    for n in [int(x) for x in opts.compare.split(",") if x]:
        corpus = os.path.join(opts.work, "compare-%d.jsonl" % n)
        synth(corpus, ["--sources", str(n), "--source-bytes", "1536"])
        mb = os.path.getsize(corpus) / 1e6
        for t in threads:
            before = load()
            wall, cpu, rss = measure([BIN, "compare", corpus, "-o", "/dev/null", "--threads", str(t)])
            row = ("compare", "%d sources" % n, mb, n, t, wall, cpu, rss, "%s→%s" % (before, load()))
            rows.append(row)
            print("compare %d threads=%d: %.2f s, %.2f MB/s, CPU %.2f s, peak RSS %.0f MB, load %s"
                  % (n, t, wall, mb / wall, cpu, rss, row[-1]), flush=True)
        if not opts.keep:
            os.remove(corpus)
    write_doc(opts.doc, rows, notes, started, commit, threads)


def write_doc(path, rows, notes, started, commit, threads):
    lines = [
        BEGIN,
        "",
        "Written by `python3 benches/scale.py` (commit `%s`, started %s, %d cores; load average"
        " before→after each run in the last column)." % (commit, started, os.cpu_count()),
        "",
        "| command | corpus | MB | sources | threads | wall s | MB/s | CPU s | MB/s per CPU s | peak RSS MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for cmd, corpus, mb, n, t, wall, cpu, rss, ld in rows:
        lines.append("| %s | %s | %.1f | %s | %d | %.2f | %.2f | %.2f | %.2f | %.0f | %s |"
                     % (cmd, corpus, mb, format(n, ","), t, wall, mb / wall, cpu, mb / cpu, rss, ld))
    lines.append("| Dask `stancelens.dask.compare`, LocalCluster 2 workers vs single process | 100MB"
                 " | — | — | — | *(benches/dask_bench.py: section \"Dask\")* | | | | | |")
    lines.append("")
    by = {}
    for cmd, corpus, mb, n, t, wall, cpu, rss, ld in rows:
        by.setdefault((cmd, corpus), {})[t] = (mb, wall, cpu, rss)
    summary = []
    for (cmd, corpus), runs in by.items():
        if 1 in runs and 2 in runs:
            summary.append("%s %s: 2 threads %.2f× one thread" % (cmd, corpus, runs[1][1] / runs[2][1]))
    score_rss = [r[3] for (cmd, _), runs in by.items() if cmd == "score" for r in runs.values()]
    if score_rss:
        summary.append("score peak RSS %.0f–%.0f MB over every size and thread count"
                       % (min(score_rss), max(score_rss)))
    lines += ["* " + s for s in summary + notes]
    lines += ["", END]
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n## Scale: streaming `score` and `compare` (benches/scale.py)\n\n" + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote the table to %s" % path)


if __name__ == "__main__":
    main()
