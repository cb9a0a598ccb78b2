#!/usr/bin/env bash
# Render an HTML report with headless Chromium and fail on an empty page or a script error.
#
# Usage: scripts/screenshot-html.sh REPORT.html OUT.png [WIDTHxHEIGHT]
# Needs: chromium (Debian: apt-get update && apt-get install -y chromium); CHROMIUM=path overrides.
# Fails: non-zero if Chromium fails, the PNG is missing or under MIN_PNG_BYTES (default 20000),
#        or the console log shows "Uncaught" (a JavaScript error).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
html=$1
out=$2
size=${3:-1400x2000}
min_bytes=${MIN_PNG_BYTES:-20000}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [[ -z "$chromium" ]]; then
  echo "screenshot-html: chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
if [[ ! -s "$html" ]]; then
  echo "screenshot-html: $html is missing or empty" >&2
  exit 1
fi

abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
abs_out=$(mkdir -p "$(dirname "$out")" && cd "$(dirname "$out")" && pwd)/$(basename "$out")
log=$(mktemp)
profile=$(mktemp -d)
trap 'rm -rf "$log" "$profile"' EXIT
rm -f "$abs_out"

# No network is needed: the report is self-contained. --virtual-time-budget lets layout settle.
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --disable-extensions \
  --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
  --window-size="${size/x/,}" --screenshot="$abs_out" "file://$abs_html" >"$log" 2>&1 || {
  echo "screenshot-html: chromium failed:" >&2
  cat "$log" >&2
  exit 1
}

if grep -q "Uncaught" "$log"; then
  echo "screenshot-html: script error in $html:" >&2
  grep "Uncaught" "$log" >&2
  exit 1
fi
if [[ ! -f "$abs_out" ]]; then
  echo "screenshot-html: no screenshot written" >&2
  cat "$log" >&2
  exit 1
fi
bytes=$(wc -c <"$abs_out")
if (( bytes < min_bytes )); then
  echo "screenshot-html: $out is only $bytes bytes (< $min_bytes): page looks empty" >&2
  exit 1
fi
echo "screenshot-html: $out ($bytes bytes)"
