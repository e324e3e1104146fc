#!/usr/bin/env bash
# Runs every test of stancelens: the Rust workspace (unit, integration, doc tests),
# including the parity tests against the Python reference implementations.
# Needs only a Rust toolchain and Python 3 with pip; it installs the rest into .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-python.sh
export STANCELENS_PYTHON="$PWD/.venv/bin/python"

cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked
