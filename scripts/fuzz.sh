#!/bin/sh
# Runs every fuzz target (fuzz/*_fuzz.cc) on libFuzzer's engine under ASan+UBSan,
# one after another, FUZZ_SECONDS each (default 60). Each starts from its seeds
# (fuzz/corpus/<target>, never written) and what earlier runs found
# (build/fuzz/corpus/<target>), with its dictionary (fuzz/dicts/<target>.dict).
# Crashes are written to build/fuzz/crashes/<target>/ and make the script exit 1;
# logs go to build/fuzz/logs/.
# FUZZ_TARGETS="dotenv mapping" runs only those; FUZZ_BUILD_DIR moves the build.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-$(cd "$ROOT/fuzz" && ls ./*_fuzz.cc | sed 's|^\./||; s|_fuzz\.cc$||')}

cmake --preset fuzz -B "$BUILD" >/dev/null
# shellcheck disable=SC2046
cmake --build "$BUILD" -j "${JOBS:-$(nproc)}" --target $(printf 'fuzz_%s ' $TARGETS)

failed=""
for target in $TARGETS; do
  corpus="$BUILD/corpus/$target"
  crashes="$BUILD/crashes/$target"
  log="$BUILD/logs/$target.log"
  dict=""
  [ -f "$ROOT/fuzz/dicts/$target.dict" ] && dict="-dict=$ROOT/fuzz/dicts/$target.dict"
  mkdir -p "$corpus" "$crashes" "$BUILD/logs"
  echo "fuzz: $target for ${SECONDS_EACH}s"
  if ! "$BUILD/fuzz_$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$crashes/" $dict \
      "$corpus" "$ROOT/fuzz/corpus/$target" >"$log" 2>&1; then
    failed="$failed $target"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  features=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  echo "fuzz: $target: ${runs:-?} inputs, ${features:-?} coverage features, corpus $(ls "$corpus" | wc -l) files"
done

if [ -n "$failed" ]; then
  echo "fuzz: crashes in:$failed (inputs in $BUILD/crashes/, logs in $BUILD/logs/)" >&2
  exit 1
fi
echo "fuzz: no crashes"
