#!/usr/bin/env bash
# The disk cache across processes: four processes compile the same function
# at once into an empty cache (each compiles with LLVM or loads another's
# entry, never half an entry), then a fifth loads it. All must compute the
# same bits, the fifth from disk, and no temporary file may be left.
# Usage: disk_cache_processes.sh PROGRAM CACHE_DIR
set -euo pipefail
program=$1
export NPG_CACHE_DIR=$2
rm -rf "$NPG_CACHE_DIR"
for i in 1 2 3 4; do "$program" > "$NPG_CACHE_DIR.out$i" & done
wait
"$program" > "$NPG_CACHE_DIR.out5"
cat "$NPG_CACHE_DIR".out*
expected=$(cut -d' ' -f2- "$NPG_CACHE_DIR.out1")
for i in 2 3 4 5; do
  [ "$(cut -d' ' -f2- "$NPG_CACHE_DIR.out$i")" = "$expected" ] ||
    { echo "process $i computed other bits"; exit 1; }
done
grep -q '^disk_hits=1 ' "$NPG_CACHE_DIR.out5" ||
  { echo "the fifth process did not load from disk"; exit 1; }
[ "$(ls "$NPG_CACHE_DIR")" = "$(ls "$NPG_CACHE_DIR"/*.npgc | xargs -n1 basename)" ] ||
  { echo "left behind:"; ls "$NPG_CACHE_DIR"; exit 1; }
[ "$(ls "$NPG_CACHE_DIR" | wc -l)" = 1 ] || { echo "not one entry"; exit 1; }
rm -rf "$NPG_CACHE_DIR" "$NPG_CACHE_DIR".out*
