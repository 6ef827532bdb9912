#!/usr/bin/env bash
# Installs what is missing, builds godiag (release) and runs it; default: `godiag doctor`
# on the directory this script was started from. Extra arguments go to godiag.
set -euo pipefail
here="$PWD"
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build "$root/build/release" --target godiag >/dev/null
cd "$here"
if [ $# -eq 0 ]; then set -- doctor; fi
exec "$root/build/release/godiag" "$@"
