#!/bin/sh
# Installs everything delta-arc needs to build, test and demo on Debian 12.
# Idempotent: packages already present are skipped, so a second run makes no changes.
# `install_deps.sh --fuzz` adds what `make fuzz` needs: LLVM's libFuzzer engine.
set -eu

PACKAGES="build-essential cmake pkg-config ninja-build clang-format clang-tidy \
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libsqlite3-dev libcpp-httplib-dev \
  libcli11-dev libicu-dev zlib1g-dev libzstd-dev libbz2-dev libthrift-dev libboost-dev libyaml-cpp-dev libpugixml-dev libjemalloc-dev libgtest-dev libgmock-dev \
  patch python3 python3-botocore zip unzip bubblewrap time busybox-static chromium \
  gzip zstd bzip2"
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES="$PACKAGES libclang-rt-14-dev"
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install_deps: installing:$missing"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

command -v npm >/dev/null || { echo "install_deps: Node.js 20 with npm is required for the test peers" >&2; exit 1; }

# Node test peers (s3rver, hcl2json, asl-validator) live in the project's own tools/node folder.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$ROOT/tools/node/package.json" ]; then
  if [ ! -d "$ROOT/tools/node/node_modules" ] || [ "$ROOT/tools/node/package-lock.json" -nt "$ROOT/tools/node/node_modules" ]; then
    (cd "$ROOT/tools/node" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
  # Fixes to the peers, each applied once (tools/node/patches/README.md says why).
  for fix in "$ROOT"/tools/node/patches/*.patch; do
    [ -f "$fix" ] || continue
    if ! patch -d "$ROOT/tools/node" -p1 -R -f -s --dry-run < "$fix" >/dev/null 2>&1; then
      patch -d "$ROOT/tools/node" -p1 -f -s < "$fix"
    fi
  done
fi
