#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (deny.toml): licences, duplicate versions (warnings),
# sources, and, when the RustSec database can be fetched from GitHub, advisories.
# Needs cargo-deny: `cargo install cargo-deny --locked`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo deny --locked check licenses bans sources
if git ls-remote --exit-code https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
  cargo deny --locked check advisories
else
  echo "deny.sh: the advisory database (github.com/rustsec/advisory-db) cannot be fetched from here: advisories NOT checked" >&2
fi
