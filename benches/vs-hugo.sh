#!/usr/bin/env bash
# compagnon against Hugo (Debian's `hugo`) on the same pages, measured turn
# by turn in one run so that a noisy machine slows both alike.
#
#   bash benches/vs-hugo.sh [N]     (N apprentices, 1000 by default)
#
# The benchmark's generator writes a programme of N apprentices; the same
# Markdown files (handbook, competencies, mentors, profiles, log entries)
# become a Hugo site with a minimal layout: one page per file, each section
# listing its pages, each log entry's evidence published beside it as
# compagnon publishes it, private apprentices left out as compagnon leaves
# them out. Then, three times each, alternating: a cold build of
# each into a fresh folder, and `cp -r` of compagnon's output (the floor:
# the kernel creating the same files). Needs `hugo` (apt-get install hugo).
# BENCH_DIR keeps the generated sites; BENCH_OUT puts the outputs elsewhere
# (/dev/shm takes the disk out of the comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
WORK="${BENCH_DIR:-$(mktemp -d)}"
SITE="$WORK/site-$N"
HUGO="$WORK/hugo-$N"
OUT="${BENCH_OUT:-$WORK}"

command -v hugo >/dev/null || { echo "hugo is not installed: apt-get install hugo" >&2; exit 1; }
cargo build --release --quiet
if [ ! -f "$SITE/site.toml" ]; then
  BENCH_KEEP="$WORK" BENCH_APPRENTICES="$N" BENCH_HANDBOOK=none BENCH_MATCHING=none \
    cargo bench --quiet --bench site >/dev/null
fi

rm -rf "$HUGO"
python3 - "$SITE" "$HUGO" <<'EOF'
import pathlib, re, sys
site, hugo = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
(hugo / "layouts/_default").mkdir(parents=True)
(hugo / "hugo.toml").write_text(
    'baseURL = "https://example.org/bench/"\ntitle = "Synthetic programme"\n'
    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n')
(hugo / "layouts/_default/single.html").write_text(
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    '<body><nav>{{ with .Parent }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>'
    '<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n')
(hugo / "layouts/_default/list.html").write_text(
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    '<body><main><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n')
pages = copies = 0
# A private apprentice's files make nothing in compagnon's output: none in Hugo's.
private = {
    profile.parent.name
    for profile in site.glob("apprentices/*/_index.md")
    if re.search(r'^visibility = "private"', profile.read_text(), flags=re.M)
}
for source in site.rglob("*.md"):
    rel = source.relative_to(site)
    if rel.parts[0] == "apprentices" and len(rel.parts) > 2 and rel.parts[1] in private:
        continue
    text = source.read_text()
    # Hugo needs a title; compagnon's profiles have a name instead.
    text = re.sub(r'^name = ', 'title = ', text, count=1, flags=re.M)
    target = hugo / "content" / rel
    # A log entry with evidence becomes a page bundle, its evidence beside
    # it: Hugo publishes it at the address compagnon does
    # (apprentices/<slug>/<entry>/photo.jpg), so both write the same files.
    evidence = re.search(r'^evidence = \[(.*)\]', text, flags=re.M)
    if rel.parts[0] == "apprentices" and rel.name != "_index.md" and evidence:
        target = target.with_suffix("") / "index.md"
        for name in re.findall(r'"([^"]+)"', evidence.group(1)):
            if "://" not in name:
                (target.parent).mkdir(parents=True, exist_ok=True)
                (target.parent / name).write_bytes((source.parent / name).read_bytes())
                copies += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    pages += 1
print(f"{pages} Markdown files in Hugo's site; {copies} evidence files published")
EOF

time_it() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
echo "run | compagnon s | hugo s | cp -r s | compagnon/hugo | compagnon/cp"
for run in 1 2 3; do
  rm -rf "$OUT/out-c" "$OUT/out-h" "$OUT/out-cp"
  sync  # the deletions above must not slow the next build down
  c=$(time_it ./target/release/compagnon build "$SITE" -o "$OUT/out-c" -q)
  h=$(time_it hugo --quiet -s "$HUGO" -d "$OUT/out-h")
  cp=$(time_it cp -r "$OUT/out-c" "$OUT/out-cp")
  python3 -c "print(f'$run | $c | $h | $cp | {$c/$h:.2f} | {$c/max($cp,0.01):.2f}')"
done
echo "pages: compagnon $(find "$OUT/out-c" -name '*.html' | wc -l), hugo $(find "$OUT/out-h" -name '*.html' | wc -l)"
rm -rf "$OUT/out-c" "$OUT/out-h" "$OUT/out-cp"
