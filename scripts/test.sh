#!/usr/bin/env bash
# Sets up, builds everything, and runs every test suite through CTest:
# GoogleTest (unit, LibTorch oracle), lit + FileCheck, the install test, the
# examples, and every C++ snippet of the docs (test/docs). Then the same
# suite built with ASan + UBSan + LeakSanitizer (build-asan), and the thread
# tests under ThreadSanitizer (build-tsan): see scripts/sanitize.sh.
# NPG_SANITIZERS=0 skips those two.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh"
# Tests run the compiler: no code from an earlier run's disk cache (the
# disk cache's own tests set their folders).
export NPG_CACHE_DIR=
(cd "$build" && ctest --output-on-failure -j"$(nproc)")
if [ "${NPG_SANITIZERS:-1}" != 0 ]; then
  bash "$root/scripts/sanitize.sh" asan
  bash "$root/scripts/sanitize.sh" tsan
fi
