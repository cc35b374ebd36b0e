#!/bin/sh
# The re-anchoring benchmark: gloss (with and without gloss.lock) and Hypothesis's anchoring
# library on the same revisions of real prose. Prints the table of BENCHMARKS.md.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cases=${TMPDIR:-/tmp}/gloss-reanchor-cases.json
(cd "$here" && npm install --no-audit --no-fund --silent)
(cd "$here/../.." && cargo bench --bench reanchor -- "$cases")
node "$here/hypothesis.js" "$cases"
