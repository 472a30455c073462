#!/usr/bin/env bash
# Every test of compagnon, as CI runs it on a clean clone (see .ci/run).
# Needs the Rust toolchain, Node/npm and root (or sudo) for apt-get: the browser
# tests install Debian's chromium and the npm packages of package-lock.json.
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

echo "== browser"
# Builds example-site at a sub-path and for file://, then checks it in
# Debian's Chromium: axe-core, html-validate, page weight, 360 px, search,
# no JavaScript, file:// navigation, print to PDF (artefacts in test-artifacts/).
bash scripts/browser-tests.sh
