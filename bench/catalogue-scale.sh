#!/usr/bin/env bash
# Issue 12's catalogue at MovieLens-25M scale: generate 25M ratings (ml-25m's
# sizes), train ials natively, embed it with int8 factors in a catalogue
# (--ratings none), then measure it: bytes and wasm timings
# (bench/catalogue-scale.mjs), and the app's load → first recommendations in
# headless Chromium (bench/first-recs.mjs --snapshot). Figures:
# bench/README-catalogue.md. Needs build/native, web/wasm and dist/app built.
#   bash bench/catalogue-scale.sh [DATA_DIR] [OUT_DIR]     (default /work/scale-data/gen-25m, build/scale)
set -euo pipefail
cd "$(dirname "$0")/.."
D="${1:-/work/scale-data/gen-25m}"
OUT="${2:-build/scale}"
T="${THREADS:-2}"
C=build/native/cinerec
mkdir -p "$OUT"
[ -f "$D/ratings.csv" ] || $C generate --out "$D" --ratings 25000095 --users 162541 --movies 59047 --threads "$T"
timed() {  # timed LABEL cmd...: wall, CPU and peak memory of one command
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/$label.time" "$@"
  read -r wall user sys kb <"$OUT/$label.time"
  echo "| \`${*/#$C/cinerec}\` | ${wall} s wall, $(echo "$user + $sys" | bc) s CPU, $((kb / 1024)) MB peak |"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo '| command | figure |'
echo '|---|---|'
timed train $C train --data "$D" --algo ials --threads "$T" --out "$OUT/ials-25m.model"
timed snapshot $C snapshot --from "$D" --threads "$T" --model "$OUT/ials-25m.model" --ratings none --factors i8 --out "$OUT/catalogue-25m-i8.cinerec"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
node bench/catalogue-scale.mjs "$OUT/catalogue-25m-i8.cinerec"
echo
node bench/first-recs.mjs --runs "${RUNS:-5}" --snapshot "$OUT/catalogue-25m-i8.cinerec" "this=$PWD"
