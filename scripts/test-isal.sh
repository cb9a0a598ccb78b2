#!/usr/bin/env bash
# Test pass for the ISA-L inflate path (package trait ISAL). Installs Debian's libisal-dev when
# missing, runs the whole test suite with the trait (in .build-isal/, so the default build stays
# untouched), then checks that release binaries built with zlib and with ISA-L produce
# byte-identical scan output over SampleLogs/ (and over bench-data/ when it exists).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists libisal 2>/dev/null; then
    echo "test-isal.sh: installing libisal-dev" >&2
    apt-get update -qq && apt-get install -y -qq libisal-dev >/dev/null
fi

swift test --traits ISAL --scratch-path .build-isal

swift build -c release --product tokenhound >/dev/null
swift build -c release --product tokenhound --traits ISAL --scratch-path .build-isal >/dev/null
ZLIB="$(swift build -c release --show-bin-path)/tokenhound"
ISAL="$(swift build -c release --traits ISAL --scratch-path .build-isal --show-bin-path)/tokenhound"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
sets=(SampleLogs)
[ -f bench-data/.complete ] && sets+=(bench-data)
for d in "${sets[@]}"; do
    for engine in ZLIB ISAL; do
        # Exit code 1 = findings; only output matters here.
        "${!engine}" scan "$d" --format json --detection-time 2025-09-01T00:00:00Z >"$tmp/$engine.json" 2>/dev/null || [ $? -le 1 ]
    done
    cmp "$tmp/ZLIB.json" "$tmp/ISAL.json"
    echo "test-isal.sh: $d: zlib and ISA-L scan output identical ($(wc -c <"$tmp/ZLIB.json") bytes)"
done
