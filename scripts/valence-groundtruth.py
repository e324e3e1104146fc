#!/usr/bin/env python3
"""Correlate `stancelens valence` with human ratings (VADER's ground-truth files).

Usage: python3 scripts/valence-groundtruth.py GROUND_TRUTH.txt [STANCELENS_BINARY]

GROUND_TRUTH.txt: `id <tab> mean rating <tab> text` per line, as in vaderSentiment's
additional_resources/hutto_ICWSM_2014/*_GroundTruth.txt (MIT). Prints, for `--vader` and for
the default stack, Pearson's r between `compound` and the rating, and how many signs agree
(rows where neither is 0). docs/evaluation.md has the figures.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys


def pearson(x: list[float], y: list[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / (sx * sy)


def main() -> None:
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/stancelens"
    gold: list[float] = []
    texts: list[str] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                sys.exit(f"{path}:{n}: expected id, rating and text separated by tabs")
            gold.append(float(parts[1]))
            texts.append("\t".join(parts[2:]).replace("\r", " "))
    for mode in (["--vader"], []):
        out = subprocess.run([binary, "valence", *mode], input="\n".join(texts) + "\n",
                             capture_output=True, text=True, check=True).stdout.splitlines()
        compound = [json.loads(l)["compound"] for l in out]
        assert len(compound) == len(gold), (len(compound), len(gold))
        both = [(g, c) for g, c in zip(gold, compound) if g != 0 and c != 0]
        agree = sum(1 for g, c in both if (g > 0) == (c > 0))
        print(f"{path.rsplit('/', 1)[-1]} {' '.join(mode) or 'default stack'}: rows {len(gold)}, "
              f"r = {pearson(gold, compound):.3f}, signs agree {agree}/{len(both)}")


if __name__ == "__main__":
    main()
