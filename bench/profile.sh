#!/usr/bin/env bash
# Where CableKit spends CPU, allocation and memory under the bench (BENCHMARKS.md, "Profiles").
#
#   bench/profile.sh [out-dir]
#
# 1. fan-out load: serve under JFR (settings=profile), 1,000 clients, RATE broadcasts/s (default
#    100: 100,000 deliveries/s) for 20 s; then `jfr view` hot methods, allocation by class and
#    by site, and a thread dump taken mid-run.
# 2. idle memory: class histograms (jcmd GC.class_histogram, after a full GC) with 1,000 and
#    10,000 idle subscribed clients, and the difference per added client.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
JAVA_HOME="$(find_jdk)" || exit 1
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
JFR="$JAVA_HOME/bin/jfr"
JAR="$ROOT/shell/target/cablekit.jar"
OUT="${1:-$HERE/results/profile-$(date -u +%Y-%m-%d)}"
RATE="${RATE:-100}"
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
BENCH=("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" bench --url=ws://127.0.0.1:18080/cable
  --broadcast_url=http://127.0.0.1:18090/_broadcast)

start_serve() {
  "$JAVA" --enable-native-access=ALL-UNNAMED "$@" -jar "$JAR" serve --port=18080 --http_broadcast_port=18090 \
    >"$OUT/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$OUT/serve.log" && break; sleep 0.1; done
}

echo "1. CPU and allocation profile at $RATE broadcasts/s to 1,000 clients" >&2
start_serve -XX:StartFlightRecording=name=bench,settings=profile,filename="$OUT/fanout.jfr"
(sleep 25 && "$JCMD" "$PID" Thread.print >"$OUT/threads-under-load.txt" 2>&1) &
DUMPER=$!
"${BENCH[@]}" --clients=1000 --rate="$RATE" --broadcasts=$((RATE * 20)) --warmup=$((RATE * 2)) --pid="$PID" \
  --json="$OUT/fanout-under-jfr.json" --quiet >"$OUT/fanout-under-jfr.txt" 2>&1 || true
wait "$DUMPER" || true
"$JCMD" "$PID" JFR.dump name=bench filename="$OUT/fanout.jfr" >/dev/null
kill "$PID"; wait "$PID" 2>/dev/null || true
for view in hot-methods allocation-by-class allocation-by-site contention-by-site thread-cpu-load; do
  "$JFR" view --width 200 "$view" "$OUT/fanout.jfr" >"$OUT/jfr-$view.txt" 2>&1 || true
done
sleep 2

echo "2. idle memory: class histograms at 1,000 and 10,000 clients" >&2
start_serve
"${BENCH[@]}" --clients=1000 --broadcasts=0 --settle=20s --duration=60s --quiet >/dev/null 2>&1 &
BENCH_PID=$!
sleep 15
"$JCMD" "$PID" GC.class_histogram >"$OUT/histogram-1000.txt"
"$JCMD" "$PID" Thread.print >"$OUT/threads-idle-1000.txt"
wait "$BENCH_PID" || true
sleep 2
"${BENCH[@]}" --clients=10000 --broadcasts=0 --settle=30s --duration=120s --quiet >/dev/null 2>&1 &
BENCH_PID=$!
for _ in $(seq 1 60); do
  sleep 1
  n=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l)
  [[ "$n" -gt 10000 ]] && break
done
sleep 12
"$JCMD" "$PID" GC.class_histogram >"$OUT/histogram-10000.txt"
"$JCMD" "$PID" GC.heap_info >"$OUT/heap-10000.txt"
wait "$BENCH_PID" || true
kill "$PID"; wait "$PID" 2>/dev/null || true
"$JAVA" "$HERE/HistogramDiff.java" "$OUT/histogram-1000.txt" "$OUT/histogram-10000.txt" 9000 >"$OUT/histogram-diff.txt"
head -n 30 "$OUT/histogram-diff.txt"
