#!/usr/bin/env bash
# Installs what is missing (build deps, pinned gopls, the Go oracle), builds, and runs every
# test: a Debug build, then a Debug build with AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export GODIAG_GOPLS="$PWD/build/tools/bin/gopls"
export GODIAG_DLV="$PWD/build/tools/bin/dlv" GODIAG_OLD_DLV="$PWD/build/tools/old-dlv/dlv"
jobs="${GODIAG_JOBS:-$(nproc)}"
for preset in debug asan; do
  echo "== $preset: configure and build"
  extra=()
  [ "${CI:-}" = "true" ] && extra+=(-DGODIAG_WERROR=ON)
  cmake --preset "$preset" "${extra[@]}" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: test"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --preset "$preset" -j "$jobs"
done
