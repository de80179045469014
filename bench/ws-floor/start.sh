#!/usr/bin/env bash
# Installs (npm ci, from the lock file) and starts the bare ws broadcast server in the background.
#   bench/ws-floor/start.sh [port]     prints the pid; stop it with kill <pid>
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-8081}"
if [[ ! -d "$HERE/node_modules/ws" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund >&2)
fi
LOG="${LOG:-/tmp/cablekit-bench-ws-floor.log}"
nohup node "$HERE/server.js" --port="$PORT" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 100); do
  grep -q "listening" "$LOG" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening" "$LOG" || { cat "$LOG" >&2; exit 1; }
echo "$PID"
