#!/usr/bin/env bash
# The main job: set up, build, and train numpygrad's 2-D pinwheel classifier
# eagerly; it prints its progress and writes its decision regions as a PNG
# (classification_2d.png in the current directory, or the path given).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NPG_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh" classification_2d
"$build/examples/classification_2d" "$@"
