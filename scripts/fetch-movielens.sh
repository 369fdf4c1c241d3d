#!/usr/bin/env bash
# Downloads a MovieLens data set from GroupLens, unzips it and builds a
# snapshot from it:
#
#   scripts/fetch-movielens.sh NAME DEST
#     NAME  ml-latest-small | ml-latest | ml-100k | ml-1m | ml-10m | ml-20m | ml-25m | ml-32m
#     DEST  a folder; gets DEST/NAME.zip, DEST/NAME/ (the files) and DEST/NAME.cinerec
#
# Offline it stops at once (5-second connect timeout) and says how to do it by
# hand. The MovieLens licence (the README inside the zip) comes with the data.
# Environment: CINEREC_BUILD_DIR (native build, default build/native),
# CINEREC_JOBS (build jobs, default 2), SNAPSHOT_ARGS (extra arguments for
# `cinerec snapshot`, e.g. --timestamps).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
NAME="$1"
DEST="$2"
BUILD="${CINEREC_BUILD_DIR:-build/native}"
JOBS="${CINEREC_JOBS:-2}"
case "$NAME" in
  ml-latest-small|ml-latest|ml-100k|ml-1m|ml-10m|ml-20m|ml-25m|ml-32m) ;;
  *) echo "fetch-movielens: unknown data set '$NAME' (expected ml-latest-small, ml-latest, ml-100k, ml-1m, ml-10m, ml-20m, ml-25m or ml-32m)" >&2
     exit 2 ;;
esac
URL="https://files.grouplens.org/datasets/movielens/$NAME.zip"
mkdir -p "$DEST"
zip="$DEST/$NAME.zip"

offline() {
  cat >&2 <<MSG
fetch-movielens: cannot download $URL ($1).
Offline? Download $NAME.zip by hand from https://grouplens.org/datasets/movielens/,
unzip it, and build the snapshot with:
  $BUILD/cinerec snapshot --from PATH/TO/$NAME --out $DEST/$NAME.cinerec
MSG
  exit 1
}

if [ ! -s "$zip" ]; then
  echo "fetch-movielens: downloading $URL" >&2
  if command -v curl >/dev/null 2>&1; then
    err="$(curl -fsSL --connect-timeout 5 -o "$zip.part" "$URL" 2>&1)" ||
      { rm -f "$zip.part"; offline "${err:-curl failed}"; }
  elif command -v wget >/dev/null 2>&1; then
    err="$(wget -q --connect-timeout=5 --tries=1 -O "$zip.part" "$URL" 2>&1)" ||
      { rm -f "$zip.part"; offline "${err:-wget failed}"; }
  else
    offline "neither curl nor wget is installed"
  fi
  mv "$zip.part" "$zip"
fi

# Unzip (unzip(1) when present, else Python's zipfile) and find the folder
# holding the data: ml-10m's zip unpacks to ml-10M100K/.
tmp="$(mktemp -d "$DEST/.unzip.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$zip" -d "$tmp"
else
  python3 -m zipfile -e "$zip" "$tmp"
fi
data="$(find "$tmp" \( -name ratings.csv -o -name u.data -o -name ratings.dat \) -printf '%h\n' | head -1)"
[ -n "$data" ] || { echo "fetch-movielens: $zip holds no ratings.csv, u.data or ratings.dat" >&2; exit 1; }
rm -rf "${DEST:?}/$NAME"
mv "$data" "$DEST/$NAME"

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" --target cinerec -j"$JOBS" >/dev/null
# shellcheck disable=SC2086
"$BUILD/cinerec" snapshot --from "$DEST/$NAME" --out "$DEST/$NAME.cinerec" --name "$NAME" \
  --source "MovieLens $NAME from $URL" ${SNAPSHOT_ARGS:-}
