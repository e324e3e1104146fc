#!/usr/bin/env python3
"""Dask on a LocalCluster against the single process, on one synthetic corpus.

Usage (after `pip install . 'dask[distributed]'` into .venv; scripts/requirements-test.txt pins it):

    .venv/bin/python benches/dask_bench.py [--mb 10] [--workers 2] [--partitions 16] [--repeat 1]

The corpus: sources of 4 to 12 paragraphs drawn at random (fixed seed) from the paragraphs of
the bundled sample (fixtures/israel-azerbaijan), every 5th source a reader comment answering an
earlier source, until the texts reach --mb MB (UTF-8). Times, wall clock, best of --repeat:
1. `Analyzer.compare(Corpus.from_records(records))` in this process (every core);
2. `stancelens.dask.compare(bag)` on `LocalCluster(n_workers=--workers, threads_per_worker=1,
   processes=True)` with the records in a bag of --partitions partitions (cluster start-up not
   timed; the records are shipped to the workers inside the timed call).
Checks that both give the same `to_json()`. Prints a Markdown table row per run.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import stancelens

ROOT = Path(__file__).resolve().parents[1]


def records(mb: float, seed: int = 42) -> list[dict]:
    sample = stancelens.Corpus.from_dir(ROOT / "fixtures" / "israel-azerbaijan")
    paragraphs = [
        p.strip()
        for sid in sample.source_ids
        for p in sample.text(sid).split("\n\n")
        if len(p.split()) >= 8
    ]
    rng = random.Random(seed)
    out: list[dict] = []
    size = 0
    while size < mb * 1e6:
        i = len(out)
        text = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(4, 12))) + "\n"
        rec = {"id": f"synth-{i:07d}", "text": text, "outlet": f"outlet-{rng.randrange(40)}"}
        if i % 5 == 4:
            rec["kind"] = "comment"
            rec["parent"] = f"synth-{rng.randrange(i):07d}"
        out.append(rec)
        size += len(text.encode("utf-8"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    import dask.bag as db
    import distributed

    import stancelens.dask

    recs = records(args.mb)
    mb = sum(len(r["text"].encode("utf-8")) for r in recs) / 1e6
    analyzer = stancelens.Analyzer(subject="israel-azerbaijan")
    corpus = stancelens.Corpus.from_records(recs)

    best_single = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        single = analyzer.compare(corpus).to_json()
        best_single = min(best_single, time.perf_counter() - t)

    with distributed.LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        best_dask = float("inf")
        for _ in range(args.repeat):
            bag = db.from_sequence(recs, npartitions=args.partitions)
            t = time.perf_counter()
            cmp = stancelens.dask.compare(bag, analyzer=analyzer, corpus=corpus)
            out = cmp.to_json()
            best_dask = min(best_dask, time.perf_counter() - t)
    assert out == single, "Dask and the single process differ"

    print(f"corpus: {len(recs)} sources, {mb:.1f} MB; same to_json(): yes")
    print("| run | seconds | MB/s |")
    print("|---|---|---|")
    print(f"| single process, Analyzer.compare (every core) | {best_single:.1f} | {mb / best_single:.2f} |")
    print(
        f"| Dask LocalCluster, {args.workers} workers × 1 thread, {args.partitions} partitions "
        f"| {best_dask:.1f} | {mb / best_dask:.2f} |"
    )


if __name__ == "__main__":
    main()
