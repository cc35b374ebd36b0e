#!/usr/bin/env bash
# One run of each command at a size where several would take too long (100,000 briefings):
#
#   bash benches/once.sh [N] [OUT]      # defaults: N=100000, OUT=target/bench/once-N
#
# Uses the corpus and the Hugo that benches/build.sh makes (run it, or
# `python3 benches/corpus.py --briefings N --out target/bench/corpus-N`, first), and runs one
# after the other, with `sync` between, each under /usr/bin/time:
#   gloss check filling the cache, gloss check from it,
#   gloss build into an empty folder (briefings from the cache), gloss build over it with
#   nothing changed, then after one article is given a sentence, then with it taken out,
#   hugo into an empty folder, hugo over its output after the same edit.
# Prints one line per command: label, wall seconds, user + system seconds, peak RSS in MB.
# The edited article is put back at the end. GLOSS_TIMINGS=1 stage times are in the logs.
set -euo pipefail

N=${1:-100000}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BENCH=$(pwd)/target/bench
CORPUS=$BENCH/corpus-$N
OUT=${2:-$BENCH/once-$N}
LOGS=$BENCH/logs-once-$N
GLOSS=${CARGO_TARGET_DIR:-target}/release/gloss
HUGO=${HUGO:-$(find "$BENCH/venv" -path '*/hugo/binaries/hugo' -type f -perm -u+x -print -quit 2>/dev/null || true)}
[[ -d $CORPUS/gloss ]] || { echo "error: no corpus at $CORPUS (see the top of this file)" >&2; exit 1; }
[[ -x $HUGO ]] || { echo "error: no Hugo (run benches/build.sh once, or set HUGO=)" >&2; exit 1; }
cargo build --release >&2
mkdir -p "$LOGS"

source benches/edit.sh

timed() { # label command...
    local label=$1
    shift
    sync
    GLOSS_TIMINGS=1 /usr/bin/time -f '%e %U %S %M' -o "$LOGS/$label.time" "$@" >"$LOGS/$label.log" 2>&1
    awk -v l="$label" '{printf "%s %.2f %.2f %.0f\n", l, $1, $2 + $3, $4 / 1024}' "$LOGS/$label.time"
}

G="$GLOSS"
R="$CORPUS/gloss"
timed check-fill "$G" check --root "$R"
timed check-cached "$G" check --root "$R"
rm -rf "$OUT/gloss" "$OUT/.gloss.gloss-manifest"
mkdir -p "$OUT"
timed build-fresh "$G" build --root "$R" --output "$OUT/gloss"
timed rebuild-nothing-changed "$G" build --root "$R" --output "$OUT/gloss"
edit gloss "A sentence added."
timed rebuild-one-edit "$G" build --root "$R" --output "$OUT/gloss"
restore
timed rebuild-edit-undone "$G" build --root "$R" --output "$OUT/gloss"
rm -rf "$OUT/hugo" "$OUT/hugo-cache"
timed hugo-fresh "$HUGO" --source "$CORPUS/hugo" --destination "$OUT/hugo" \
    --cacheDir "$OUT/hugo-cache" --ignoreCache --noBuildLock --quiet
edit hugo "A sentence added."
timed hugo-rebuild-one-edit "$HUGO" --source "$CORPUS/hugo" --destination "$OUT/hugo" \
    --cacheDir "$OUT/hugo-cache" --noBuildLock --quiet
echo "logs: $LOGS" >&2
