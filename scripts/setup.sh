#!/usr/bin/env bash
# Installs what cinerec needs and is missing: Debian packages (as root, or
# with sudo) and the npm dependencies from package-lock.json. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(emscripten libeigen3-dev nlohmann-json3-dev cmake g++ googletest chromium)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# npm ci only when node_modules does not match the lock file.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s <(node -e 'const l=require("./package-lock.json");delete l.name;console.log(JSON.stringify(l.packages[""]))') <(node -e 'try{const l=require("./node_modules/.package-lock.json");console.log(JSON.stringify((require("./package-lock.json").packages[""])))}catch{console.log("x")}') ; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (lock file changed)"
  npm ci --no-audit --no-fund
fi
