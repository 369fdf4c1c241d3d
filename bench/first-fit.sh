#!/usr/bin/env bash
# The first fit of a process against the later ones: svd on ml-latest-small,
# RUNS processes of `cinerec bench fit --repeat 4` per binary, binaries
# alternating; prints the medians over processes of the first fit and of the
# later fits, wall and CPU time (bench/README-scale.md).
#   bench/first-fit.sh RUNS BIN [BIN...]
set -euo pipefail
runs=$1
shift
data=${DATA:-../shared/data/ml-latest-small}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$runs"); do
  for b in "$@"; do
    "$b" bench fit --data "$data" --algo svd --repeat 4 >>"$tmp/$(echo "$b" | tr / _).json"
  done
done
for b in "$@"; do
  node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8");
    const runs = text.split(/\n(?=\{)/).map((t) => JSON.parse(t));
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const f = (k, g) => med(runs.map((r) => r[k][g])).toFixed(3);
    console.log(`${process.argv[2]}: first fit wall ${f("fit", "first_seconds")} s (min ${Math.min(...runs.map((r) => r.fit.first_seconds)).toFixed(3)}), cpu ${f("fit_cpu", "first_seconds")} s; later fits wall ${f("fit", "median_seconds")} s, cpu ${f("fit_cpu", "median_seconds")} s (${runs.length} processes)`);
  ' "$tmp/$(echo "$b" | tr / _).json" "$b"
done
