#!/usr/bin/env bash
# Installs every Debian 12 package npg needs to build, test, benchmark and fuzz
# (clang + libclang-rt-14-dev: libFuzzer for scripts/fuzz_ir.sh).
# Idempotent and quiet: does nothing (and prints nothing) when all is installed.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools python3
  libgtest-dev libgmock-dev libbenchmark-dev libopenblas-dev libsleef-dev
  libpng-dev
  libtorch-dev
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
