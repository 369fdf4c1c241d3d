#!/usr/bin/env bash
# Before/after at 25M ratings, side by side in one run: the same commands with
# two cinerec binaries on one generated folder, alternating, each under
# /usr/bin/time -v. Prints one line per command; bench/README-scale.md quotes it.
#   bench/scale-compare.sh OLD_BIN NEW_BIN DATA_DIR [THREADS]
# DATA_DIR: a folder from `cinerec generate --ratings 25000095 --users 162541
# --movies 59047` (about 700 MB; keep it out of the repository). OLD_BIN may
# ignore --threads (the loader and models of the first commit did).
set -euo pipefail
old=$1 new=$2 data=$3 threads=${4:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {  # label binary args...
  local label=$1 bin=$2
  shift 2
  /usr/bin/time -v "$bin" "$@" >"$out/stdout" 2>"$out/stderr" || { echo "$label: failed: $(tail -2 "$out/stderr")"; return; }
  local wall rss user sys
  wall=$(grep -oP 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): \K.*' "$out/stderr")
  rss=$(grep -oP 'Maximum resident set size \(kbytes\): \K\d+' "$out/stderr")
  user=$(grep -oP 'User time \(seconds\): \K.*' "$out/stderr")
  sys=$(grep -oP 'System time \(seconds\): \K.*' "$out/stderr")
  printf '%-34s wall %8s  user %7s s  sys %6s s  peak %5d MB  %s\n' "$label" "$wall" "$user" "$sys" $((rss / 1024)) \
    "$(grep -ohE 'loaded in [0-9]+ ms|trained in [0-9.]+ s' "$out/stdout" "$out/stderr" | head -1)"
}
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); old $($old --help >/dev/null 2>&1; echo "$old"), new $new, threads $threads"
measure "snapshot (old)" "$old" snapshot --from "$data" --out "$out/old.cinerec"
measure "snapshot --threads $threads (new)" "$new" snapshot --from "$data" --out "$out/new.cinerec" --threads "$threads"
cmp -s "$out/old.cinerec" "$out/new.cinerec" && echo "  the two snapshots are byte-identical" || echo "  the snapshots differ"
rm -f "$out"/*.cinerec
for algo in ials svd; do
  measure "train $algo (old)" "$old" train --data "$data" --algo "$algo" --out "$out/old.model"
  measure "train $algo --threads $threads (new)" "$new" train --data "$data" --algo "$algo" --threads "$threads" --out "$out/new.model"
  measure "train $algo --threads 1 (new)" "$new" train --data "$data" --algo "$algo" --threads 1 --out "$out/new1.model"
  cmp -s "$out/old.model" "$out/new1.model" && echo "  $algo: one thread gives the old model, byte for byte" || echo "  $algo: the one-thread model differs from the old"
  rm -f "$out"/*.model
done
