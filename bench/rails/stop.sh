#!/usr/bin/env bash
# Stops what bench/rails/start.sh started.
REDIS_PORT="${REDIS_PORT:-6390}"
[[ -f /tmp/cablekit-bench-puma.pid ]] && kill "$(cat /tmp/cablekit-bench-puma.pid)" 2>/dev/null
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
rm -f /tmp/cablekit-bench-puma.pid
exit 0
