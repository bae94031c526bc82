#!/bin/sh
# The benchmarks (figures, not tests): the emulator at 500,000 assets, the
# pipeline at 10,000 tables x 20 columns per side with 100,000 objects, an S3
# Inventory report of 100,000 and 1,000,000 objects in 10,000 table folders at the
# prefix level, the emulator's writes of a first sync replayed, 10,000 Parquet and CSV
# objects read for their columns, and the Lambda package's start time and memory. Run
# through `make bench`.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="${DELTA_ARC_BUILD_DIR:-$ROOT/build}"
echo "== atlan-emulator"
"$BUILD/emulator_bench" "${EMULATOR_BENCH_ASSETS:-500000}"
echo "== delta-arc pipeline"
python3 "$ROOT/bench/lineage/pipeline_bench.py" "$BUILD" ${PIPELINE_BENCH_ARGS:-}
echo "== delta-arc from an S3 Inventory report, prefix level"
python3 "$ROOT/bench/lineage/inventory_bench.py" "$BUILD" ${INVENTORY_BENCH_ARGS:-}
echo "== the emulator's writes as a first sync of a tenth of the pipeline's scale sends them"
python3 "$ROOT/bench/lineage/write_replay_bench.py" "$BUILD" ${WRITE_REPLAY_BENCH_ARGS:-}
echo "== reading objects' columns: Parquet beside CSV"
python3 "$ROOT/bench/lineage/formats_bench.py" "$BUILD" ${FORMATS_BENCH_ARGS:-}
if [ -x "$BUILD/lambda_bench" ]; then
  echo "== Lambda package"
  "$BUILD/lambda_bench"
fi
