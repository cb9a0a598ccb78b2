#!/usr/bin/env bash
# Throughput benchmark for `tokenhound scan` (issue 6). See docs/performance.md.
#
#   scripts/bench.sh [--scale-gb N] [--runs R] [--threads T] [--no-duckdb] [--traits ISAL] [--reuse]
#
# --reuse keeps timings from an earlier run's bench-results/hyperfine-*.json (re-measures RSS only).
# 1. builds release (with --traits when given);
# 2. generates the data set once with tokenhound-samplegen (cached: bench-data/ for the default
#    2 GB set, bench-data-<N>g/ otherwise; a .complete marker says generation finished);
# 3. runs with hyperfine (R runs, medians), on the same files:
#      floor-inflate-1   zlib inflate of every file to nothing, in process, 1 thread
#      floor-inflate     the same on T threads (files in parallel, like scan)
#      floor-parse       inflate + CSV parse on T threads (the scan floor)
#      scan              tokenhound scan DIR --format json -o /dev/null --force --quiet (all detections)
#      duckdb            scripts/duckdb_peer.py on T threads (grant and ApiTotalUsage aggregates)
#    and measures peak RSS of scan (and DuckDB) with /usr/bin/time -v;
# 4. prints a table (MB/s of decompressed input, peak RSS, scan/floor and DuckDB/scan) and writes
#    it to bench-results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE_GB=2; RUNS=3; THREADS=2; DUCKDB=1; TRAITS=""; REUSE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --scale-gb) SCALE_GB="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --no-duckdb) DUCKDB=0; shift ;;
        --reuse) REUSE=1; shift ;;
        --traits) TRAITS="$2"; shift 2 ;;
        -h|--help) sed -n 2,20p "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
    echo "bench.sh: installing hyperfine and time (apt)" >&2
    apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi

BUILD=(swift build -c release)
# A trait build gets its own scratch directory so switching does not rebuild the default one.
[ -n "$TRAITS" ] && BUILD+=(--traits "$TRAITS" --scratch-path ".build-$(echo "$TRAITS" | tr 'A-Z,' 'a-z-')")
"${BUILD[@]}" >&2
BIN="$("${BUILD[@]}" --show-bin-path)"

if [ "$SCALE_GB" = 2 ]; then DATA=bench-data; else DATA="bench-data-${SCALE_GB}g"; fi
if [ ! -f "$DATA/.complete" ]; then
    echo "bench.sh: generating $DATA (${SCALE_GB} GB of CSV; ~1 min per GB)" >&2
    rm -rf "$DATA"
    "$BIN/tokenhound-samplegen" --scale $((SCALE_GB * 1000)) --out "$DATA" >&2
    touch "$DATA/.complete"
fi

PY=.venv-bench/bin/python
if [ "$DUCKDB" = 1 ] && ! "$PY" -c 'import duckdb' 2>/dev/null; then
    echo "bench.sh: creating .venv-bench with duckdb" >&2
    # A virtualenv without duckdb, or a dangling link left where one was, is replaced, not reused.
    rm -rf .venv-bench
    python3 -m venv .venv-bench && .venv-bench/bin/pip install -q duckdb >&2
fi
if [ "$DUCKDB" = 1 ] && ! "$PY" -c 'import duckdb' 2>/dev/null; then
    echo "bench.sh: could not install duckdb into .venv-bench (no package index?); use --no-duckdb" >&2
    exit 2
fi

mkdir -p bench-results
OUT=bench-results; J="$OUT/hyperfine-$(basename "$DATA")${TRAITS:+-$TRAITS}.json"
RB="$BIN/tokenhound-readbench"
SCAN="$BIN/tokenhound scan $DATA --format json -o /dev/null --force --quiet --threads $THREADS"
DUCK="$PY scripts/duckdb_peer.py $DATA --threads $THREADS"

# Decompressed bytes: all files (floor, scan) and the Login + ApiTotalUsage files DuckDB reads.
ALL_BYTES=$("$RB" --floor inflate --threads "$THREADS" "$DATA" | sed -E 's/.*bytes=([0-9]+).*/\1/')
mapfile -t DUCK_FILES < <(find -L "$DATA" -name '*_Login.csv.gz' -o -name '*_ApiTotalUsage.csv.gz' | sort)
DUCK_BYTES=$("$RB" --floor inflate --threads "$THREADS" "${DUCK_FILES[@]}" | sed -E 's/.*bytes=([0-9]+).*/\1/')

CMDS=(-n floor-inflate-1 "$RB --floor inflate --threads 1 $DATA"
      -n floor-inflate "$RB --floor inflate --threads $THREADS $DATA"
      -n floor-parse "$RB --floor parse --threads $THREADS $DATA"
      -n scan "sh -c '$SCAN; [ \$? -le 1 ]'")  # exit code 1 = findings reported
[ "$DUCKDB" = 1 ] && CMDS+=(-n duckdb "$DUCK")
if [ "$REUSE" = 1 ] && [ -f "$J" ]; then
    echo "bench.sh: --reuse: keeping the timings in $J" >&2
else
    hyperfine --runs "$RUNS" --warmup 0 --style basic --export-json "$J" "${CMDS[@]}" >&2
fi

rss() {  # peak RSS in KB; the command's own exit code (1 = findings) does not matter here
    local f; f="$(mktemp)"
    /usr/bin/time -v -o "$f" "$@" >/dev/null 2>&1 || true
    sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$f"; rm -f "$f"
}
SCAN_RSS=$(rss $SCAN)
# One more scan with --verbose for its per-stage wall time and peak RSS (read = inflate, parse,
# decode and fold on all threads, including the merge; analyse = single-threaded detection).
STAGES=$($BIN/tokenhound scan "$DATA" --format json -o /dev/null --force --threads "$THREADS" --verbose 2>&1 \
         | sed -nE 's/.*\] (read|analyse) took ([0-9.]+) s, peak RSS so far ([0-9]+) MB.*/\1 \2 s (peak RSS \3 MB)/p' | paste -sd ';' -) || true
DUCK_RSS=""; [ "$DUCKDB" = 1 ] && DUCK_RSS=$(rss $DUCK)

python3 - "$J" "$ALL_BYTES" "$DUCK_BYTES" "$SCAN_RSS" "${DUCK_RSS:-0}" "$DATA" "$THREADS" "$TRAITS" "$STAGES" <<'PY' | tee "$OUT/latest.md"
import json, sys, platform, subprocess, datetime, statistics
j, all_b, duck_b, scan_rss, duck_rss, data, threads, traits, stages = sys.argv[1:]
all_b, duck_b, scan_rss, duck_rss = int(all_b), int(duck_b), int(scan_rss), int(duck_rss)
res = {r["command"] if "command" in r else r["name"]: r for r in json.load(open(j))["results"]}
med = {k: statistics.median(v["times"]) for k, v in res.items()}
def mbs(name, b): return b / 1e6 / med[name]
cpu = subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p' | head -1"], capture_output=True, text=True).stdout.strip()
print(f"# tokenhound scan benchmark: {data}\n")
print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}; {cpu}; {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; "
      f"threads {threads}; traits: {traits or 'default (zlib)'}; medians of {len(next(iter(res.values()))['times'])} runs\n")
print(f"Decompressed input: {all_b/1e6:,.0f} MB (DuckDB reads the Login + ApiTotalUsage part: {duck_b/1e6:,.0f} MB)\n")
print("| Run | Median s | MB/s (decompressed) | Peak RSS |")
print("|---|---:|---:|---:|")
eng = "ISA-L" if "ISAL" in traits else "zlib"
rows = [("floor-inflate-1", f"{eng} inflate only, 1 thread", all_b, None),
        ("floor-inflate", f"{eng} inflate only, {threads} threads", all_b, None),
        ("floor-parse", f"inflate + CSV parse, {threads} threads (floor)", all_b, None),
        ("scan", "tokenhound scan, all detections", all_b, scan_rss),
        ("duckdb", f"DuckDB peer, {threads} threads", duck_b, duck_rss)]
for k, label, b, r in rows:
    if k in med:
        print(f"| {label} | {med[k]:.2f} | {mbs(k, b):,.0f} | {f'{r/1024:.0f} MB' if r else ''} |")
print()
print(f"- scan / inflate+parse floor: {mbs('scan', all_b)/mbs('floor-parse', all_b):.2f}")
print(f"- scan / inflate-only floor: {mbs('scan', all_b)/mbs('floor-inflate', all_b):.2f}")
if stages:
    print(f"- scan stages (one --verbose run): {stages.replace(';', '; ')}")
if "duckdb" in med:
    print(f"- scan MB/s / DuckDB MB/s: {mbs('scan', all_b)/mbs('duckdb', duck_b):.2f}x "
          f"(wall time: DuckDB {med['duckdb']:.2f} s for {duck_b/1e6:,.0f} MB, scan {med['scan']:.2f} s for {all_b/1e6:,.0f} MB)")
PY
