#!/usr/bin/env bash
# Builds npg with sanitizers into its own directory and runs tests there:
#   scripts/sanitize.sh asan   ASan + UBSan + LeakSanitizer, the whole suite
#                              (build-asan)
#   scripts/sanitize.sh tsan   ThreadSanitizer, only the thread tests and
#                              what they need (build-tsan)
# -O1 -g1: sanitized code compiles and runs fast enough for CI, and reports
# carry file:line. Known leaks of third-party code are suppressed by
# scripts/lsan.supp, and races TSan cannot see through uninstrumented
# libMLIR by scripts/tsan.supp (npg's own are fixed, not suppressed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-asan}
case "$kind" in
asan)
  sanitize=address,undefined
  targets=()
  tests=()
  ;;
tsan)
  sanitize=thread
  targets=(npg_thread_tests)
  tests=(-R '^Threads\.')
  ;;
*)
  echo "usage: $0 asan|tsan" >&2
  exit 2
  ;;
esac
build=${NPG_SANITIZE_BUILD_DIR:-$root/build-$kind}

bash "$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DNPG_WERROR=ON \
  -DNPG_SANITIZE="$sanitize" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DNPG_BUILD_BENCH=OFF -DNPG_BUILD_EXAMPLES=OFF >/dev/null
# Before building too: gtest_discover_tests runs each test binary to list it.
# allocator_may_return_null: tests ask for impossible sizes on purpose and
# want npg's "unable to allocate" error, not ASan's abort.
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:allocator_may_return_null=1
export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/tsan.supp
# As in scripts/test.sh: the compiler runs, no code comes from the disk cache.
export NPG_CACHE_DIR=
ninja -C "$build" -j"$(nproc)" "${targets[@]}"
cd "$build"
ctest --output-on-failure -j"$(nproc)" "${tests[@]}"
