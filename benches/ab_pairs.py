#!/usr/bin/env python3
"""Time two or more builds of a command fairly on a machine whose speed drifts: each round runs
every binary once, back to back, and the figure to read is the median over rounds of each
binary's CPU time (user + system) divided by the first binary's in the same round.

    python3 benches/ab_pairs.py ROUNDS 'ARGS' BIN_A BIN_B ...

Each round starts at the next binary in turn (round r runs them from position r mod n): on a shared
VM the first run of a round came out about 2 % slower (docs/performance.md, fourteenth round), and a
fixed order put that on the first binary every time. Give the same binary twice to see the noise.

ARGS may contain {b}, replaced by each binary's file name (to keep outputs apart), e.g.
    python3 benches/ab_pairs.py 20 'score /tmp/s10.jsonl -o /tmp/out-{b}.jsonl --threads 1 --quiet' \
        /tmp/stancelens-before /tmp/stancelens-after
"""
import os
import resource
import statistics
import subprocess
import sys
import time

rounds = int(sys.argv[1])
args = sys.argv[2]
bins = sys.argv[3:]
if rounds < 1 or not bins:
    sys.exit(__doc__)
# Per binary (by position: the same file may be given twice), (cpu seconds, wall seconds) per round.
res = [[] for _ in bins]
for r in range(rounds):
    for j in range(len(bins)):
        k = (r + j) % len(bins)
        b = bins[k]
        cmd = [b] + args.format(b=os.path.basename(b)).split()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        t1 = time.perf_counter()
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
        res[k].append((cpu, t1 - t0))
for k, b in enumerate(bins):
    cpu = [x[0] for x in res[k]]
    wall = [x[1] for x in res[k]]
    rc = statistics.median(x[0] / y[0] for x, y in zip(res[k], res[0]))
    rw = statistics.median(x[1] / y[1] for x, y in zip(res[k], res[0]))
    print(
        f"{os.path.basename(b):16s} cpu median {statistics.median(cpu) * 1e3:8.1f} ms"
        f"  min {min(cpu) * 1e3:8.1f}  wall median {statistics.median(wall) * 1e3:8.1f} ms"
        f"  min {min(wall) * 1e3:8.1f}  paired cpu ratio {rc:.3f}  wall ratio {rw:.3f}"
    )
