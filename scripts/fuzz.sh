#!/usr/bin/env bash
# Fuzzes TokenHoundKit with libFuzzer + AddressSanitizer (swiftc -sanitize=fuzzer,address).
#
#   scripts/fuzz.sh [--ci] [seconds-per-target] [target...]
#
# Targets: gzip csv events parsers posture config (default: all). --ci = 20 s per target, and the
# kit compiled -Onone (about 30 s of CPU instead of 3 min for -O; fuzzes a few times slower).
# The kit is compiled once (instrumented: swiftc -sanitize=fuzzer,address -c) into
# .build/fuzz/<opt>/ and reused while its sources are unchanged; each target is a small Swift file in fuzz/ linked
# against it. Yams (for the config target) comes from `swift build --target Yams`, uninstrumented.
# Corpora grow in fuzz-corpus/<target>/ (seeded from fuzz/seeds/, SampleLogs/, ../shared/fixtures/
# and the test fixtures); a crash leaves its reproducer in fuzz-artifacts/ and the script exits 1.
# Replay one:  .build/fuzz/O/fuzz-<target> fuzz-artifacts/<file>   (Onone/ after --ci)
# Extra libFuzzer flags: FUZZ_FLAGS="-jobs=2 -workers=2" scripts/fuzz.sh 3600 csv
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=300
targets=()
ci_opt=
for a in "$@"; do
  case "$a" in
    --ci) seconds=20; ci_opt=-Onone ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    ''|*[!0-9]*) targets+=("$a") ;;
    *) seconds=$a ;;
  esac
done
all=(gzip csv events parsers posture config)
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

declare -A srcfile=([gzip]=FuzzGzip [csv]=FuzzCSV [events]=FuzzEvents [parsers]=FuzzParsers [posture]=FuzzPostureXML [config]=FuzzConfig)
for t in "${targets[@]}"; do
  [ -n "${srcfile[$t]:-}" ] || { echo "fuzz: unknown target '$t' (known: ${all[*]})" >&2; exit 2; }
done

opt=${FUZZ_OPT:-${ci_opt:--O}}
out=.build/fuzz/${opt#-}
mkdir -p "$out" fuzz-corpus fuzz-artifacts
# -g with -wmo -Onone trips a swift-driver bug ("multiple producers"); symbols suffice there.
dbg=-g
[ "$opt" = -Onone ] && dbg=
t0=$(date +%s)

# 1. Yams (the config parser's dependency), uninstrumented, via SwiftPM.
swift build --target Yams >/dev/null
bin=$(swift build --show-bin-path)
yams_mod=$bin/Modules
[ -d "$yams_mod" ] || yams_mod=$bin
yams_objs=$(find "$bin/Yams.build" "$bin/CYaml.build" -name '*.o' | sort)
cyaml_inc=$(dirname "$(find .build/checkouts/Yams/Sources/CYaml -name module.modulemap | head -1)")

# 2. The kit, instrumented, rebuilt only when its sources or flags change.
kit_srcs=$(find Sources/TokenHoundKit -name '*.swift' | LC_ALL=C sort)
stamp=$( (echo "$opt"; swiftc --version 2>&1; cat $kit_srcs) | sha256sum | cut -c1-16)
if [ ! -f "$out/kit.stamp" ] || [ "$(cat "$out/kit.stamp")" != "$stamp" ]; then
  echo "fuzz: compiling TokenHoundKit with -sanitize=fuzzer,address -c $opt"
  rm -f "$out/kit.stamp"
  swiftc $opt $dbg -wmo -parse-as-library -enable-testing -sanitize=fuzzer,address \
    -module-name TokenHoundKit -emit-module -emit-module-path "$out/TokenHoundKit.swiftmodule" \
    -I Sources/CZlib -I Sources/CFastCRC/include -I Sources/CSQLite -I "$yams_mod" -I "$cyaml_inc" \
    -c $kit_srcs -o "$out/TokenHoundKit.o"
  echo "$stamp" > "$out/kit.stamp"
fi
# The kit's C target (gzip CRC-32), instrumented the same way.
crc_obj=$out/fastcrc.o
if [ ! -f "$crc_obj" ] || [ "$crc_obj" -ot Sources/CFastCRC/fastcrc.c ] || [ "$crc_obj" -ot Sources/CFastCRC/include/fastcrc.h ]; then
  clang -O1 -g -fsanitize=fuzzer-no-link,address -I Sources/CFastCRC/include \
    -c Sources/CFastCRC/fastcrc.c -o "$crc_obj"
fi
t1=$(date +%s)
echo "fuzz: kit ready in $((t1 - t0)) s"

# 3. Seeds: small, real inputs (compressed and not), plus hand-made ones in fuzz/seeds/.
seed() {  # seed <target> <file> : copy unless present
  local d=fuzz-corpus/$1; mkdir -p "$d"
  [ -f "$2" ] && cp -n "$2" "$d/$(echo "$2" | tr '/' '_')" 2>/dev/null || true
}
seed_head() {  # seed_head <target> <file> <lines> : first lines of a (maybe gzipped) CSV
  local d=fuzz-corpus/$1; mkdir -p "$d"
  local name=$d/$(echo "$2" | tr '/' '_').head$3
  [ -f "$name" ] && return 0
  if [[ "$2" == *.gz ]]; then { gzip -dc "$2" 2>/dev/null | head -n "$3" > "$name"; } || true
  else head -n "$3" "$2" > "$name" || true; fi
}
csvs=$(find SampleLogs -name '*.csv' -o -name '*.csv.gz' | LC_ALL=C sort)
fixtures=$( { find ../shared/fixtures Tests/TokenHoundKitTests/Fixtures/events -name '*.csv' 2>/dev/null || true; } | LC_ALL=C sort)
for t in "${targets[@]}"; do
  mkdir -p "fuzz-corpus/$t"
  case $t in
    gzip)
      for f in $(echo "$csvs" | grep '\.gz$' | head -8); do
        { gzip -dc "$f" | head -n 12 | gzip -c > "fuzz-corpus/gzip/$(basename "$f").small.gz"; } || true
      done
      seed_head gzip SampleLogs/OauthToken.csv 20 ;;
    csv|events)
      # One short sample per log kind (distinct file-name suffixes), plus every fixture header.
      declare -A seen=()
      for f in $csvs; do
        k=$(basename "$f" | sed 's/^[0-9-]*_//')
        [ -n "${seen[$k]:-}" ] && continue; seen[$k]=1
        seed_head "$t" "$f" 8
      done
      unset seen
      for f in $fixtures; do seed "$t" "$f"; done ;;
    posture)
      for f in $(find SampleLogs/force-app Tests/TokenHoundKitTests/Fixtures/posture -name '*.xml' | LC_ALL=C sort); do seed posture "$f"; done ;;
    config)
      seed config tokenhound.example.yaml ;;
    parsers) ;;
  esac
done

# A dictionary of header names and values for the CSV-shaped targets.
dict=$out/csv.dict
if [ ! -f "$dict" ]; then
  { for f in $fixtures; do head -n 1 "$f" | tr ',' '\n'; done
    printf '%s\n' '"Login"' '"RestApi"' '"API"' '"BulkApi2"' '"Logout"' '"UniqueQuery"' '"ApiTotalUsage"' '"URI"' \
      '"OAuth 2.0"' '"Remote Access 2.0"' '"Success"' '"20250801120000.000"' '"2025-08-01T12:00:00.000Z"' '"10.0.0.1"' '"::1"' '"005000000000001AAA"'
  } | grep -v '^$' | LC_ALL=C sort -u > "$dict"
fi

# 4. Build and run each target.
status=0
for t in "${targets[@]}"; do
  exe=$out/fuzz-$t
  src=fuzz/${srcfile[$t]}.swift
  if [ ! -x "$exe" ] || [ "$exe" -ot "$out/TokenHoundKit.o" ] || [ "$exe" -ot "$crc_obj" ] || [ "$exe" -ot "$src" ] || [ "$exe" -ot fuzz/FuzzSupport.swift ]; then
    swiftc $opt $dbg -parse-as-library -sanitize=fuzzer,address -module-name "Fuzz_$t" \
      -I "$out" -I Sources/CZlib -I Sources/CFastCRC/include -I Sources/CSQLite -I "$yams_mod" -I "$cyaml_inc" \
      fuzz/FuzzSupport.swift "$src" "$out/TokenHoundKit.o" "$crc_obj" $yams_objs -lz -lsqlite3 -o "$exe" 2>&1 | { grep -v "Cannot export local symbol" || true; }
  fi
  flags=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1
         -artifact_prefix="$root/fuzz-artifacts/$t-")
  case $t in csv|events) flags+=(-dict="$dict") ;; esac
  seeds=()
  [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
  echo "fuzz: $t for ${seconds}s"
  ts=$(date +%s)
  # SWIFT_BACKTRACE off: the Swift crash handler would trip ASan; libFuzzer prints the trap's stack.
  # fuzz/lsan.supp: a 144-byte leak inside FoundationXML's own error object per malformed document.
  if ! TMPDIR=${TMPDIR:-/tmp} SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp:print_suppressions=0" "$exe" "${flags[@]}" ${FUZZ_FLAGS:-} "fuzz-corpus/$t" "${seeds[@]}" > "$out/$t.log" 2>&1; then
    echo "fuzz: $t FAILED; see $out/$t.log; reproducer(s):" >&2
    ls -1t fuzz-artifacts/"$t"-* 2>/dev/null | head -3 >&2
    grep -m5 -E 'ERROR|Fatal error|precondition|SUMMARY' "$out/$t.log" >&2 || true
    status=1
  else
    echo "fuzz: $t ok in $(( $(date +%s) - ts )) s: $(grep -m1 -E 'stat::number_of_executed_units' "$out/$t.log" | awk '{print $2}') runs, corpus $(ls "fuzz-corpus/$t" | wc -l) inputs"
  fi
done
echo "fuzz: total $(( $(date +%s) - t0 )) s"
exit $status
