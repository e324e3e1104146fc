#!/usr/bin/env python3
"""Side by side: vaderSentiment 3.3.2 (Python) vs stancelens VADER-exact mode (Rust, release).

Usage: python3 benches/vader_side_by_side.py [MEGABYTES]   (default 2)

Builds `vader_lines` in release, feeds both the seed texts (STANCELENS_SEEDS_DIR, default
fixtures/israel-azerbaijan, which holds them byte for byte) replicated to MEGABYTES, scored line by line, and prints MB/s of both and
the ratio. Timings cover scoring only (not start-up or reading). Checks the compound sums agree.
"""
import glob
import json
import os
import subprocess
import sys
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
mb = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
seeds = os.environ.get(
    "STANCELENS_SEEDS_DIR",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "israel-azerbaijan"),
)
one = ""
for p in sorted(glob.glob(os.path.join(seeds, "*.txt"))):
    t = open(p, encoding="utf-8").read()
    one += t if t.endswith("\n") else t + "\n"
text = ""
while len(text.encode("utf-8")) < mb * 1e6:
    text += one
data = text.encode("utf-8")
lines = text.split("\n")

subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "stancelens-benches",
                "--bin", "vader_lines"], cwd=root, check=True)
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
exe = os.path.join(target, "release", "vader_lines")
# The Rust side scores the input 10 times so that its timing is not dominated by noise.
rust = json.loads(subprocess.run([exe, "--repeat", "10"], input=data, capture_output=True,
                                 check=True).stdout)

analyzer = SentimentIntensityAnalyzer()
analyzer.polarity_scores("warm up")
t0 = time.perf_counter()
c0 = time.thread_time()
total = 0.0
for line in lines:
    total += analyzer.polarity_scores(line)["compound"]
py_cpu = time.thread_time() - c0
py_secs = time.perf_counter() - t0
py_mbps = len(data) / 1e6 / py_secs
py_cpu_mbps = len(data) / 1e6 / py_cpu

print(f"input: {len(data)} bytes, {len(lines)} lines; load: {os.getloadavg()}")
print(f"python vaderSentiment 3.3.2: {py_mbps:8.3f} MB/s wall, {py_cpu_mbps:8.3f} MB/s on-CPU "
      f"({py_secs:.2f} s)")
rc = rust.get("cpu_mb_per_s") or rust["mb_per_s"]
print(f"rust stancelens vader:       {rust['mb_per_s']:8.3f} MB/s wall, {rc:8.3f} MB/s on-CPU "
      f"({rust['seconds']:.3f} s for {rust['repeat']} passes)")
print(f"ratio rust/python: {rust['mb_per_s'] / py_mbps:.1f}x wall, {rc / py_cpu_mbps:.1f}x on-CPU")
same = abs(rust["compound_sum"] - total) < 1e-6
print(f"compound sums: python {total:.4f} rust {rust['compound_sum']:.4f} -> "
      f"{'equal' if same else 'DIFFERENT'}")
sys.exit(0 if same else 1)
