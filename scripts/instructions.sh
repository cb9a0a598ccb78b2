#!/usr/bin/env bash
# Instruction counts for `tokenhound scan` against its floor (issue 6). See docs/performance.md.
#
#   scripts/instructions.sh [--days N] [--top K] [DIR]
#
# Wall-clock timings on a shared 2-core machine drift by 10-20% from one hour to the next, which
# hides the effect of any single change beyond the floor. Instructions retired do not drift: this
# counts them with valgrind's callgrind, single-threaded, on a small set:
#   floor   tokenhound-readbench --floor parse --threads 1 DIR   (inflate + CSV records)
#   scan    tokenhound scan DIR --format json -o /dev/null --threads 1 (all detections)
# and prints both totals, their ratio, the instructions beyond the floor and the scan's top K
# functions (self cost). DIR defaults to bench-data-days<N>/: N days (default 2) of the 2 GB
# benchmark set from 2025-08-14 on, copied once (run scripts/bench.sh first to generate that set).
# Instruction counts are not time (cache misses cost nothing here), so report a change's wall time
# with scripts/bench.sh; this tells whether it did less work, and where the work is.
set -euo pipefail
cd "$(dirname "$0")/.."

DAYS=2; TOP=25; DIR=""
while [ $# -gt 0 ]; do
    case "$1" in
        --days) DAYS="$2"; shift 2 ;;
        --top) TOP="$2"; shift 2 ;;
        -h|--help) sed -n 2,16p "$0"; exit 0 ;;
        -*) echo "instructions.sh: unknown option $1" >&2; exit 2 ;;
        *) DIR="$1"; shift ;;
    esac
done

if ! command -v valgrind >/dev/null 2>&1; then
    echo "instructions.sh: installing valgrind (apt)" >&2
    apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi

swift build -c release >&2
BIN="$(swift build -c release --show-bin-path)"

if [ -z "$DIR" ]; then
    DIR="bench-data-days$DAYS"
    if [ ! -f "$DIR/.complete" ]; then
        [ -f bench-data/.complete ] || { echo "instructions.sh: no bench-data/: run scripts/bench.sh first, or pass DIR" >&2; exit 2; }
        rm -rf "$DIR" && mkdir -p "$DIR/EventLogFile"
        for day in $(ls bench-data/EventLogFile | cut -d_ -f1 | sort -u | awk '$0 >= "2025-08-14"' | head -n "$DAYS"); do
            cp bench-data/EventLogFile/"${day}"_* "$DIR/EventLogFile/"
        done
        touch "$DIR/.complete"
    fi
fi

# valgrind cannot read the DWARF the Swift compiler writes: count on copies without it (symbols stay).
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
strip --strip-debug -o "$WORK/readbench" "$BIN/tokenhound-readbench"
strip --strip-debug -o "$WORK/tokenhound" "$BIN/tokenhound"

count() {   # name, command...: total instructions
    local name="$1"; shift
    # A fixed hash seed: with Swift's per-process random seed, dictionary probe and compare counts
    # move a run's total by several million instructions, as much as a small change saves.
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$WORK/$name.cg" "$@" >/dev/null 2>"$WORK/$name.log" \
        || { cat "$WORK/$name.log" >&2; exit 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/$name.log"
}
echo "instructions.sh: counting (about 1 min)" >&2
FLOOR=$(count floor "$WORK/readbench" --floor parse --threads 1 "$DIR")
SCAN=$(count scan "$WORK/tokenhound" scan "$DIR" --format json -o /dev/null --force --quiet --threads 1)

echo "data: $DIR ($(du -sh "$DIR" | cut -f1) gzip)"
awk -v f="$FLOOR" -v s="$SCAN" 'BEGIN {
    printf "floor (inflate + CSV parse): %6.0f M instructions\n", f / 1e6
    printf "scan, all detections:        %6.0f M instructions\n", s / 1e6
    printf "beyond the floor:            %6.0f M instructions\n", (s - f) / 1e6
    printf "floor / scan:                %6.3f\n", f / s
}'
echo
echo "scan, top $TOP functions by their own instructions:"
callgrind_annotate "$WORK/scan.cg" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n "2,$((TOP + 1))p" | cut -c1-160
