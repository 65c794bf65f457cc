#!/usr/bin/env bash
# Sets up, builds everything, and runs every test suite through CTest:
# GoogleTest (unit, LibTorch oracle), lit + FileCheck, and the install test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
