#!/usr/bin/env bash
# Configures and builds npg into ./build (or $NPG_BUILD_DIR) after setup.
# Extra arguments go to ninja (targets).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
bash "$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNPG_WERROR=ON \
  ${NPG_CMAKE_ARGS:-} >/dev/null
ninja -C "$build" -j"$(nproc)" "$@"
