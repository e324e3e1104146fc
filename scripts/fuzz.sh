#!/usr/bin/env bash
# The cargo-fuzz targets in fuzz/ (docs/reliability.md).
#   bash scripts/fuzz.sh check              # compile them (no libFuzzer run): cargo check
#   bash scripts/fuzz.sh build              # build the fuzzers (release, no sanitizer)
#   bash scripts/fuzz.sh run TARGET [SECS]  # fuzz one target (default 600 s) from fuzz/seeds/TARGET
#   bash scripts/fuzz.sh all [SECS]         # every target, one after the other
# Running needs cargo-fuzz (`cargo install cargo-fuzz --locked`). On a stable toolchain
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly flags; no sanitizer is needed because
# the crate forbids unsafe code, and without one the runs are about twice as fast.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
TARGETS="corpus_jsonl corpus_manifest lexicon_parse subject_parse segmentation matcher target_stance compare"

run() {
  local target=$1 secs=${2:-600}
  mkdir -p "corpus/$target" artifacts logs
  cp -n "seeds/$target"/* "corpus/$target/" 2>/dev/null || true
  # -timeout: an input taking over 10 s counts as a hang (quadratic blow-ups show up here).
  # The built binary is run directly, so editing the crate during a long run of `all`
  # does not rebuild the fuzzers halfway through.
  nice -n 19 "target/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
    -artifact_prefix="artifacts/$target-" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 2>&1 | tee "logs/$target.log" | grep -E "^(#[0-9]+: DONE|stat::|==|SUMMARY|Done)" || true
}

build() { RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz build --sanitizer none; }

case "${1:-}" in
  check) cargo check --manifest-path Cargo.toml --locked --bins ;;
  build) build ;;
  run) build && run "$2" "${3:-600}" ;;
  all) build && for t in $TARGETS; do run "$t" "${2:-600}"; done ;;
  *) echo "usage: $0 check | run TARGET [SECS] | all [SECS]" >&2; exit 2 ;;
esac
