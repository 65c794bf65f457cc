#!/usr/bin/env bash
# Builds the benchmark programs and runs the whole suite, one process per
# (workload, column, thread count): writes bench/results/results.md and
# results.json. Extra arguments go to bench/run_bench.py (e.g. --quick,
# --filter w3_, --threads 1).
#
# An already-configured build directory is built as it is configured (so
# that benchmarking does not change the flags of a tree others build in);
# otherwise scripts/build.sh sets it up.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
if [ -f "$build/build.ninja" ]; then
  ninja -C "$build" -j"$(nproc)" npg_benchmarks
else
  bash "$root/scripts/build.sh" npg_benchmarks
fi
python3 "$root/bench/run_bench.py" --build "$build" "$@"
