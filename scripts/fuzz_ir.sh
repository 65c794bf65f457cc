#!/usr/bin/env bash
# Fuzzes npg-opt's parse/verify/npg passes with libFuzzer (test/fuzz-ir/).
#   scripts/fuzz_ir.sh [seconds]       fuzz for that long (default 600)
#   scripts/fuzz_ir.sh replay [files]  run the committed corpus (or files) once
# Builds ./build-fuzz (or $NPG_FUZZ_BUILD_DIR) with clang, libFuzzer and
# AddressSanitizer. The growing corpus lives in build-fuzz/fuzz-ir/corpus (seeded
# from test/fuzz-ir/corpus); crashers and hangs land in build-fuzz/fuzz-ir/
# artifacts. Fuzzing continues past a crash (-fork=1 -ignore_crashes=1) and the
# log is build-fuzz/fuzz-ir/fuzz.log. Extra libFuzzer flags: $NPG_FUZZ_FLAGS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_FUZZ_BUILD_DIR:-$root/build-fuzz}
bash "$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DNPG_WERROR=ON \
  -DNPG_BUILD_FUZZERS=ON -DNPG_BUILD_TESTS=OFF -DNPG_BUILD_TOOLS=OFF \
  -DNPG_BUILD_EXAMPLES=OFF -DNPG_BUILD_BENCH=OFF >/dev/null
ninja -C "$build" -j"$(nproc)" npg-ir-fuzzer
fuzzer=$build/bin/npg-ir-fuzzer
seeds=$root/test/fuzz-ir/corpus

if [ "${1:-}" = replay ]; then
  shift
  exec "$fuzzer" -runs=0 "${@:-$seeds}"
fi

seconds=${1:-600}
work=$build/fuzz-ir
mkdir -p "$work/corpus" "$work/artifacts"
cd "$work"
# The dictionary holds npg's op names and IR syntax; -timeout flags hangs.
# shellcheck disable=SC2086
nice "$fuzzer" corpus "$seeds" -dict="$root/test/fuzz-ir/npg.dict" \
  -max_total_time="$seconds" -timeout=10 -max_len=8192 -rss_limit_mb=4096 \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -artifact_prefix=artifacts/ ${NPG_FUZZ_FLAGS:-} 2>&1 | tee -a fuzz.log
