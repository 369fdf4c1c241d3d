#!/usr/bin/env bash
# npm start: install what is missing, build everything, serve the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
npx vite build --config web/app/vite.config.js --logLevel warn
PORT="${PORT:-5173}"
echo
echo "cinerec is serving the app on http://127.0.0.1:${PORT}/  (Ctrl-C to stop)"
exec npx vite preview --config web/app/vite.config.js --host 127.0.0.1 --port "$PORT" --strictPort
