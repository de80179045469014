#!/usr/bin/env bash
# Installs Rails Action Cable 6.1, puma and Redis from Debian's packages (run as root).
set -euo pipefail
if dpkg -s ruby-actioncable puma redis-server ruby-redis >/dev/null 2>&1; then
  echo "ruby-actioncable, puma, redis-server and ruby-redis are installed" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q ruby-actioncable puma redis-server ruby-redis
