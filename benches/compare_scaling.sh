#!/bin/sh
# Runs compare_scaling once per size, each in a fresh process (VmHWM is per process).
# Usage: benches/compare_scaling.sh [N ...]   (default: 1000 10000 100000)
set -e
cd "$(dirname "$0")/.."
cargo build --release -q -p stancelens-benches --bin compare_scaling
[ $# -gt 0 ] || set -- 1000 10000 100000
printf 'sources\tMB\tseconds\tMB/s\tpeak_RSS_before_MB\tpeak_RSS_MB\tcells\n'
for n in "$@"; do
    target/release/compare_scaling "$n"
done
