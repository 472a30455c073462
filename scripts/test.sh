#!/usr/bin/env bash
# Every test of compagnon, as CI runs it on a clean clone (see .ci/run).
# Needs only the Rust toolchain; installs nothing else yet.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "== format"
cargo fmt --check

echo "== lints"
cargo clippy --locked --all-targets -- -D warnings

echo "== tests"
# CI=true makes snapshot tests fail on a difference instead of writing it.
CI=true cargo test --locked
