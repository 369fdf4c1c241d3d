#!/usr/bin/env bash
# Builds the native core, CLI and tests (build/native) and the wasm module
# (build/wasm → web/wasm/cinerec.{js,wasm}). Incremental; safe to re-run.
#   scripts/build.sh            native + wasm
#   scripts/build.sh native     native only
#   scripts/build.sh wasm       wasm only
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
JOBS="${CINEREC_JOBS:-$(nproc)}"

if [ "$what" = all ] || [ "$what" = native ]; then
  [ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$JOBS"
fi

if [ "$what" = all ] || [ "$what" = wasm ]; then
  # Emscripten 3.1.6's optimizer needs Debian's acorn.
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  if [ ! -f build/wasm/CMakeCache.txt ]; then
    emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
      -DEigen3_DIR=/usr/share/eigen3/cmake >/dev/null
  fi
  cmake --build build/wasm -j"$JOBS"
fi
