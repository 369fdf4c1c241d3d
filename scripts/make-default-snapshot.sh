#!/usr/bin/env bash
# Rebuilds the default snapshot, public/data/default.cinerec, from Debian's
# r-cran-dslabs (dslabs::movielens, a 2016 copy of MovieLens ml-latest-small).
# The bytes depend only on the dslabs data and the snapshot code, so running
# this again gives an identical file (tests/js/snapshot-reproducible.test.mjs).
#
# It carries a model of the app's default algorithm, trained with seed 42 in
# the wasm core (scripts/train-wasm.mjs: what a browser would train, and the
# same bytes on every machine — a native -march=native build trains other
# bits on another CPU), so that first recommendations need no training in the
# browser (docs/snapshot-format.md, MODL).
#
#   scripts/make-default-snapshot.sh                   # writes public/data/default.cinerec
#   OUT=/tmp/x.cinerec scripts/make-default-snapshot.sh
#   ALGO=ials FACTORS=i8 scripts/make-default-snapshot.sh
#
# Environment: OUT (the snapshot to write), ALGO (the model's algorithm,
# default web/lib's DEFAULT_ALGORITHM; "none" for no model), FACTORS (how its
# item factors are stored: f32, f16, i8, i8-col; default i8 for a factor
# model, f32 — the model as saved — for any other),
# CINEREC_BUILD_DIR (the native build, default build/native), CINEREC_JOBS
# (parallel build jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-public/data/default.cinerec}"
BUILD="${CINEREC_BUILD_DIR:-build/native}"
ALGO="${ALGO:-$(sed -n "s/^export const DEFAULT_ALGORITHM = '\([a-z0-9-]*\)';.*/\1/p" web/lib/recommender.js)}"
[ -n "$ALGO" ] || { echo "make-default-snapshot: no DEFAULT_ALGORITHM in web/lib/recommender.js" >&2; exit 1; }
if [ -z "${FACTORS:-}" ]; then
  case "$ALGO" in
    svd|svdpp|nmf|als|ials|bpr) FACTORS=i8 ;;
    *) FACTORS=f32 ;;  # no item-factor block to quantise (ltr, the neighbourhood models, …)
  esac
fi
JOBS="${CINEREC_JOBS:-2}"

have_dslabs() {
  command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'quit(status = if (requireNamespace("dslabs", quietly = TRUE)) 0 else 1)' >/dev/null 2>&1
}
if ! have_dslabs; then
  echo "make-default-snapshot: installing r-cran-dslabs (Rscript and dslabs::movielens)" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q --no-install-recommends r-cran-dslabs ||
    { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends r-cran-dslabs; }
  have_dslabs || { echo "make-default-snapshot: r-cran-dslabs did not install" >&2; exit 1; }
fi

# The native CLI: configure once, then an incremental build (a no-op when current).
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target cinerec -j"$JOBS" >/dev/null
# The wasm core, for the model (incremental: a no-op when current).
[ "$ALGO" = none ] || CINEREC_JOBS="$JOBS" bash scripts/build.sh wasm >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
Rscript scripts/export-dslabs.R "$tmp/movielens-dslabs"
version="$(Rscript -e 'cat(as.character(utils::packageVersion("dslabs")))')"
mkdir -p "$(dirname "$OUT")"
# With timestamps (+260 KB, 0.71 MB in all) so that the app can offer the
# leave-last evaluation protocol on the default catalogue.
source="dslabs::movielens (R package dslabs $version; MovieLens ml-latest-small of 2016, GroupLens Research)"
model=()
if [ "$ALGO" != none ]; then
  # The model is trained on exactly the ratings the snapshot holds, with the
  # algorithm's default parameters and the app's default seed.
  # (With timestamps, as the browser sees them: ltr trains on each person's order in time.)
  "$BUILD/cinerec" snapshot --from "$tmp/movielens-dslabs" --out "$tmp/plain.cinerec" --timestamps >/dev/null
  node scripts/train-wasm.mjs --snapshot "$tmp/plain.cinerec" --algo "$ALGO" --seed 42 --out "$tmp/model.bin" 2>/dev/null
  model=(--model "$tmp/model.bin" --factors "$FACTORS")
fi
"$BUILD/cinerec" snapshot --from "$tmp/movielens-dslabs" --out "$OUT" --name movielens-dslabs --timestamps \
  --source "$source" "${model[@]}"
