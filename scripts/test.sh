#!/usr/bin/env bash
# Sets up, builds everything, and runs every test suite through CTest:
# GoogleTest (unit, LibTorch oracle), lit + FileCheck, the install test, the
# examples, and every C++ snippet of the docs (test/docs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
