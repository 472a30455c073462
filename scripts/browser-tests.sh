#!/usr/bin/env bash
# Browser tests of the built example site: accessibility (axe-core), HTML
# validity (html-validate), page weight, layout at 360 px, search, no-JS,
# file:// and print. Needs Rust, Node 20 + npm; installs Debian's Chromium
# if missing. Screenshots, the PDF and a JSON report go to test-artifacts/.
#
#   bash scripts/browser-tests.sh
#
# BROWSER_TEST_ONLY=home,search,file-links runs only those page kinds and parts
# (parts: validate-all, no-js, search-js, matching-js, caseload-js, file-links,
# print; see run.mjs). The coordinator's edition is built too and served apart.
# BROWSER_TEST_DIR (default target/browser) is where the sites are built and
# BROWSER_TEST_ARTIFACTS (default test-artifacts) where screenshots go, so that
# two checkouts' runs do not share them.
set -euo pipefail
cd "$(dirname "$0")/.."
export BROWSER_TEST_DIR="${BROWSER_TEST_DIR:-target/browser}"

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "== browser tests: tools"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error >/dev/null

# A free port on the loopback, chosen now so that the built site's absolute
# URLs (canonical links, feeds) name the port the test server will use.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
PORT="$(free_port)"
COORD_PORT="$(free_port)"

echo "== browser tests: build example-site twice (http://127.0.0.1:$PORT/sous/chemin/ and file://)"
cargo run --locked --quiet -- build example-site -o "$BROWSER_TEST_DIR/http" \
  --base-url "http://127.0.0.1:$PORT/sous/chemin/"
cargo run --locked --quiet -- build example-site -o "$BROWSER_TEST_DIR/file" --file-links
echo "== browser tests: build the coordinator's edition (http://127.0.0.1:$COORD_PORT/sous/chemin/)"
cargo run --locked --quiet -- build example-site --edition coordinator -o "$BROWSER_TEST_DIR/coordination" \
  --base-url "http://127.0.0.1:$COORD_PORT/sous/chemin/"

echo "== browser tests: Chromium"
status=0
BROWSER_TEST_PORT="$PORT" BROWSER_TEST_COORD_PORT="$COORD_PORT" node tests/browser/run.mjs || status=$?
exit "$status"
