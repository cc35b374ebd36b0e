#!/usr/bin/env bash
# The search browser test at scale: generates a corpus of 10,000 briefings (or
# $SEARCH_BRIEFINGS), builds it with the release binary under a sub-path, picks a quote from
# a sidecar, and runs search.mjs, which types the quote's words in /sub/search/ from an empty
# cache and checks the quote is among the first results and at most 300 KB were fetched.
#
#   GLOSS_BIN         the gloss binary (default: the release build of this repository;
#                     build it first with `cargo build --release`)
#   SEARCH_BRIEFINGS  corpus size (default 10000)
#   SEARCH_WORK       where the corpus and the built site go (default: target/search-browser;
#                     a corpus already there is reused)
#   CHROMIUM          the browser (default /usr/bin/chromium)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
gloss="${GLOSS_BIN:-$target/release/gloss}"
n="${SEARCH_BRIEFINGS:-10000}"
work="${SEARCH_WORK:-$target/search-browser}"
started=$(date +%s)

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
mkdir -p "$work"
corpus="$work/corpus-$n"
if [ ! -f "$corpus/gloss/site.toml" ]; then
  echo "== generating $n briefings into $corpus"
  python3 "$repo/benches/corpus.py" --briefings "$n" --out "$corpus"
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
site="$work/site-$n"
echo "== building it into $site for http://127.0.0.1:$port/sub/"
"$gloss" build --root "$corpus/gloss" --output "$site" --base-url "http://127.0.0.1:$port/sub/"

# A quote from the middle of the corpus: the first quote of its sidecar, with its id.
sidecar="$(find "$corpus/gloss/content" -name '*.yaml' -path '*/b0*' | sort | awk -v n="$n" 'NR == int(n / 2) + 1')"
read -r id text < <(python3 - "$sidecar" <<'EOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("quotes:", 1)[1].splitlines()
item = []
for line in lines[1:]:
    if line.startswith("  - ") and item:
        break
    if line and not line.startswith(" "):
        break
    item.append(line.strip().removeprefix("- "))
fields = dict(l.split(": ", 1) for l in item if ": " in l)
print(fields["id"], fields["text"].strip('"'))
EOF
)
rel="${sidecar#"$corpus/gloss/content/"}"
url="/sub/${rel%.yaml}/#quote-$id"
echo "== searching for the words of $url"

SITE_DIR="$site" PORT="$port" QUOTE_TEXT="$text" QUOTE_URL="$url" node "$here/search.mjs"
echo "search browser test: $(( $(date +%s) - started )) s in all"
