#!/usr/bin/env bash
# Installs what cinerec needs and is missing: Debian packages (as root, or
# with sudo) and the npm dependencies from package-lock.json. Idempotent and
# quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
updated=0
apt_install() {  # apt_install [--no-install-recommends] pkg...
  if [ $updated -eq 0 ]; then $SUDO apt-get update -q; updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@"
}

missing=()
# curl: scripts/fetch-tmdb.sh and its test. clang-14 + libfuzzer-14-dev: the fuzz targets (npm run fuzz, and a few seconds each in npm test).
for p in emscripten libeigen3-dev nlohmann-json3-dev cmake g++ googletest chromium clang-14 libfuzzer-14-dev curl; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi
# R's dslabs holds the MovieLens subset the default snapshot is built from.
if ! installed r-cran-dslabs; then
  echo "setup: installing r-cran-dslabs (source of the default snapshot)"
  apt_install --no-install-recommends r-cran-dslabs
fi

# npm ci when node_modules is absent or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
