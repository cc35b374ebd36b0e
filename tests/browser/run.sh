#!/usr/bin/env bash
# Installs the browser test's npm dependencies and runs it against target/debug/gloss (or
# $GLOSS_BIN). Needs node, and chromium at /usr/bin/chromium (or $CHROMIUM): no browser is
# downloaded. Build gloss first (`cargo build`).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
exec node serve-reload.mjs
