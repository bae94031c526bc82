#!/bin/sh
# Builds the AWS Lambda package of delta-arc: build/atlan-delta-arc-lambda.zip
# for the provided.al2023 (or provided.al2) runtime.
#
# The zip holds an executable `bootstrap` at its root, the stripped delta-arc
# binary in bin/, and in lib/ every shared library `ldd` lists, the dynamic
# loader included. bootstrap runs the binary through the bundled loader with
# --library-path on lib/, so the function runs on Amazon Linux 2023 whatever
# glibc that has: it needs nothing from the system but a POSIX shell.
#
#   scripts/build_lambda.sh                      Release build in build/lambda, then package
#   scripts/build_lambda.sh --binary PATH        package an already-built delta-arc (tests)
#   scripts/build_lambda.sh --output FILE.zip    where to write the zip
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BINARY=""
OUTPUT="$ROOT/build/atlan-delta-arc-lambda.zip"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) BINARY=$2; shift 2 ;;
    --output) OUTPUT=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build_lambda: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$BINARY" ]; then
  BUILD="$ROOT/build/lambda"
  # Only the layers the binary needs; sections per function so the linker drops
  # what delta-arc never calls (smaller zip, less to map at cold start).
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DDELTA_ARC_TESTS=OFF -DDELTA_ARC_BENCH=OFF \
    -DDELTA_ARC_LAYERS="http;aws;atlan;lineage;app;lambda;cli" \
    -DCMAKE_CXX_FLAGS="-ffunction-sections -fdata-sections" \
    -DCMAKE_EXE_LINKER_FLAGS="-Wl,--gc-sections" >/dev/null
  cmake --build "$BUILD" --target delta-arc -j "$(nproc)"
  BINARY="$BUILD/delta-arc"
fi
[ -x "$BINARY" ] || { echo "build_lambda: $BINARY is not an executable" >&2; exit 1; }
for tool in ldd strip zip; do
  command -v "$tool" >/dev/null || { echo "build_lambda: $tool is required" >&2; exit 1; }
done

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/bin" "$STAGE/lib"
cp "$BINARY" "$STAGE/bin/delta-arc"
strip --strip-unneeded "$STAGE/bin/delta-arc"

# ldd lines: "libx.so.1 => /path/libx.so.1 (0x…)" and the loader "/lib64/ld-linux-x86-64.so.2 (0x…)".
# Copied by their soname (the name the binary asks for), symlinks resolved.
LOADER=""
ldd "$BINARY" >"$STAGE/ldd.txt"
while read -r first second third _; do
  case "$first" in linux-vdso*|linux-gate*) continue ;; esac
  if [ "$second" = "=>" ]; then
    [ -f "$third" ] || { echo "build_lambda: $first not found" >&2; exit 1; }
    cp -L "$third" "$STAGE/lib/$first"
  elif [ -f "$first" ]; then
    cp -L "$first" "$STAGE/lib/$(basename "$first")"
  fi
done <"$STAGE/ldd.txt"
rm "$STAGE/ldd.txt"
for candidate in "$STAGE"/lib/ld-linux*.so.* "$STAGE"/lib/ld64.so.*; do
  [ -f "$candidate" ] && LOADER=$(basename "$candidate")
done
[ -n "$LOADER" ] || { echo "build_lambda: ldd listed no dynamic loader" >&2; exit 1; }
chmod 755 "$STAGE/lib/$LOADER"

cat >"$STAGE/bootstrap" <<BOOTSTRAP
#!/bin/sh
# Lambda custom runtime entry point: delta-arc through its bundled loader and
# libraries (no external command: the image may have nothing but a shell).
set -eu
TASK_ROOT=\${LAMBDA_TASK_ROOT:-\${0%/*}}
exec "\$TASK_ROOT/lib/$LOADER" --library-path "\$TASK_ROOT/lib" "\$TASK_ROOT/bin/delta-arc" lambda
BOOTSTRAP
chmod 755 "$STAGE/bootstrap" "$STAGE/bin/delta-arc"

mkdir -p "$(dirname "$OUTPUT")"
OUTPUT=$(cd "$(dirname "$OUTPUT")" && pwd)/$(basename "$OUTPUT")
rm -f "$OUTPUT"
(cd "$STAGE" && zip -q -9 -X -r "$OUTPUT" bootstrap bin lib)
echo "build_lambda: $OUTPUT ($(wc -c <"$OUTPUT") bytes, $(ls "$STAGE/lib" | wc -l) libraries)"
