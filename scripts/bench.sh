#!/usr/bin/env bash
# npm run bench: builds what the benchmarks need (native CLI, wasm module;
# the app is built by the driver), then runs bench/run.mjs, which measures
# everything, writes bench/results/*.json and regenerates bench/README.md.
#   npm run bench                 full run (8 min quiet, 17 min under load, 2 cores)
#   npm run bench -- --quick      fewer repeats, quality headline only (1–3.5 min)
#   npm run bench -- --only native,wasm     only some groups (see bench/run.mjs)
#   npm run bench -- --readme     regenerate bench/README.md from bench/results/
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/data/ml-latest-small ] || [ ! -d ../shared/data/ml-100k ]; then
  echo "bench: needs ../shared/data/ml-latest-small and ../shared/data/ml-100k (MovieLens; see docs/data.md)" >&2
  exit 1
fi
[ -d node_modules/@playwright/test ] || npm ci
# The scikit-learn baseline (bench/python) runs on Debian's scikit-learn.
if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "bench: installing python3-sklearn (the scikit-learn baseline)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends python3-sklearn
fi
if [[ " $* " != *" --readme "* ]]; then
  bash scripts/build.sh
fi
exec node bench/run.mjs "$@"
