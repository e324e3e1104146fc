#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (deny.toml): licences, duplicate versions (warnings),
# sources, and, when the RustSec database can be fetched from GitHub, advisories.
# cargo-deny comes from .venv (scripts/setup-python.sh installs it from
# scripts/requirements-test.txt) or from PATH (`cargo install cargo-deny --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
if ! command -v cargo-deny >/dev/null 2>&1; then
  echo "deny.sh: cargo-deny not found: run scripts/setup-python.sh (or cargo install cargo-deny --locked)" >&2
  exit 1
fi
cargo deny --locked check licenses bans sources
if timeout 30 git ls-remote --exit-code https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
  cargo deny --locked check advisories
else
  echo "deny.sh: the advisory database (github.com/rustsec/advisory-db) cannot be fetched from here: advisories NOT checked" >&2
fi
