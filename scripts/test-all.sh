#!/usr/bin/env bash
# Runs every test of stancelens: the Rust workspace (unit, integration, doc tests),
# including the parity tests against the Python reference implementations, then the
# Python package (built and installed into .venv with `pip install .`) with its tests,
# stub check and notebook run.
# Needs only a Rust toolchain and Python 3 with pip; it installs the rest into .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-python.sh
export STANCELENS_PYTHON="$PWD/.venv/bin/python"

cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked

# The wheel: maturin (pinned in scripts/requirements-test.txt) builds it in release mode.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-build-isolation .
# Run from the tests folder so that `import stancelens` is the installed package.
(cd tests/python && ../../.venv/bin/python -m pytest -q -p no:cacheprovider .)
