#!/usr/bin/env bash
# The main job: set up, build, and train a small model eagerly.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh" train_mlp
"$build/examples/train_mlp"
