#!/usr/bin/env bash
# Starts Redis (port 6390, no persistence) and puma serving bench/rails/config.ru, in the background.
#   bench/rails/start.sh [port]    prints "<puma pid> <redis port>"; bench/rails/stop.sh stops both
# Puma runs as Rails 6.1's generated config/puma.rb does: single mode, 5 threads.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-3334}"
REDIS_PORT="${REDIS_PORT:-6390}"
"$HERE/setup.sh"
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --pidfile "/tmp/cablekit-bench-redis-$REDIS_PORT.pid" --logfile "/tmp/cablekit-bench-redis-$REDIS_PORT.log"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
LOG="${LOG:-/tmp/cablekit-bench-puma.log}"
cd "$HERE"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1" RACK_ENV=production nohup puma -b "tcp://127.0.0.1:$PORT" -t 5:5 \
  --pidfile /tmp/cablekit-bench-puma.pid config.ru >"$LOG" 2>&1 &
for _ in $(seq 1 100); do
  grep -q "Listening on" "$LOG" 2>/dev/null && break
  sleep 0.1
done
grep -q "Listening on" "$LOG" || { cat "$LOG" >&2; exit 1; }
echo "$(cat /tmp/cablekit-bench-puma.pid) $REDIS_PORT"
