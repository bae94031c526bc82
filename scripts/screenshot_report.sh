#!/bin/sh
# The README's picture of the HTML report (docs/report.png): the sample's report, as
# `make demo` writes it, photographed by the headless Chromium the browser tests drive
# (tests/browser/inspect_report.mjs). Runs the demo first (it needs `make build`), unless
# given a report:  scripts/screenshot_report.sh [REPORT.html] [OUT.png]
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPORT="${1:-}"
OUT="${2:-$ROOT/docs/report.png}"
if [ -z "$REPORT" ]; then
  "$ROOT/scripts/demo.sh" >/dev/null
  REPORT="$ROOT/.demo/report.html"
fi
# The top of the page, and the column mapping of one table opened from the graph below it.
node "$ROOT/tests/browser/inspect_report.mjs" --report "$REPORT" --screenshot "$OUT" \
  --width 1200 --height 1300 --steps '[{"open":"CUSTOMERS"}]' >/dev/null
echo "wrote $OUT"
