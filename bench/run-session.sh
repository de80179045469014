#!/usr/bin/env bash
# One benchmark session, as BENCHMARKS.md reports it: CableKit, the bare ws floor and Rails Action
# Cable measured side by side on this machine, each RUNS times, then the medians.
#
#   bench/run-session.sh                    everything (about 50 minutes on 2 cores)
#   STEPS="fanout ramp" SERVERS="cablekit rails" RUNS=3 bench/run-session.sh
#   STEPS="fanout summary" CLIENTS=1000 BROADCASTS=60 bench/run-session.sh
#   OUT=bench/results/mine bench/run-session.sh
#
# STEPS: fanout (1k, 5k, 10k clients at 2 broadcasts/s, idle memory after a full GC),
#        ramp (1,000 clients, rate stepped up until p99 > 250 ms), startup (cold serve, 5 runs),
#        harness (warm start of mock + server, Command round trip), jmh (microbenchmarks),
#        summary (medians into $OUT/summary.md)
# Needs: root for apt (Rails), Node 20 + npm (floor), a JDK >= 21 (found as bin/test finds it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
JAVA_HOME="$(find_jdk)" || exit 1
export JAVA_HOME
export MAVEN_OPTS="$(maven_opts_for "$JAVA_HOME")"
JAVA="$JAVA_HOME/bin/java"
RUNS="${RUNS:-3}"
STEPS="${STEPS:-fanout ramp startup harness jmh summary}"
SERVERS="${SERVERS:-cablekit ws-floor rails}"
CLIENTS="${CLIENTS:-1000,5000,10000}"
BROADCASTS="${BROADCASTS:-20}"
OUT="${OUT:-$HERE/results/$(date -u +%Y-%m-%d)}"
JAR="$ROOT/shell/target/cablekit.jar"
LOGS="$OUT/logs"
mkdir -p "$OUT" "$LOGS"
ulimit -n "$(ulimit -Hn)"

if [[ ! -f "$JAR" || -n "${REBUILD:-}" ]]; then
  (cd "$ROOT" && mvn -B -q -pl shell -am package -DskipTests)
fi
BENCH=("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" bench)

note() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# The server under test, started fresh for each run: sets SERVER_PID, URL_ARGS.
start_server() {
  case "$1" in
    cablekit)
      # default heap settings: no -Xms, no pre-touch (DECISIONS.md)
      "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" serve --port=18080 --http_broadcast_port=18090 \
        >"$LOGS/serve-$2.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 100); do grep -q "listening on" "$LOGS/serve-$2.log" && break; sleep 0.1; done
      URL_ARGS=(--url=ws://127.0.0.1:18080/cable --broadcast_url=http://127.0.0.1:18090/_broadcast --gc) ;;
    ws-floor)
      SERVER_PID=$(LOG="$LOGS/ws-floor-$2.log" "$HERE/ws-floor/start.sh" 18081)
      URL_ARGS=(--url=ws://127.0.0.1:18081/ --broadcast_url=http://127.0.0.1:18081/_broadcast --raw) ;;
    rails)
      read -r SERVER_PID _ < <(LOG="$LOGS/puma-$2.log" "$HERE/rails/start.sh" 13334)
      URL_ARGS=(--url=ws://127.0.0.1:13334/cable --broadcast_url=http://127.0.0.1:13334/_broadcast --stream=bench) ;;
  esac
  sleep 1
}

stop_server() {
  case "$1" in
    rails) "$HERE/rails/stop.sh" ;;
    *) kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true ;;
  esac
  sleep 2
}

run_bench() { # server kind run args...
  local server=$1 kind=$2 run=$3
  shift 3
  start_server "$server" "$kind-run$run"
  note "$server $kind run $run (pid $SERVER_PID)"
  "${BENCH[@]}" "${URL_ARGS[@]}" --pid="$SERVER_PID" --label="$server" \
    --json="$OUT/$server-$kind-run$run.json" "$@" >"$LOGS/$server-$kind-run$run.txt" 2>"$LOGS/$server-$kind-run$run.err" \
    || note "bench exited with $? (see $LOGS/$server-$kind-run$run.err)"
  tail -n 6 "$LOGS/$server-$kind-run$run.txt" >&2 || true
  stop_server "$server"
}

for step in $STEPS; do
  case "$step" in
    fanout)
      for run in $(seq 1 "$RUNS"); do
        for server in $SERVERS; do
          run_bench "$server" fanout "$run" --clients="$CLIENTS" --broadcasts="$BROADCASTS" --rate=2 --duration=900s
        done
      done ;;
    ramp)
      for run in $(seq 1 "$RUNS"); do
        for server in $SERVERS; do
          run_bench "$server" ramp "$run" --clients=1000 --ramp --duration=600s
        done
      done ;;
    startup)
      note "cold start of serve, 5 runs"
      SKIP_BUILD=1 "$HERE/jmh/run.sh" harness-cold "$JAVA" "$JAR" 5 >"$OUT/startup-cold.json" 2>"$LOGS/startup-cold.err" || true
      cat "$OUT/startup-cold.json" >&2 ;;
    harness)
      note "warm start of mock + server, Command round trip"
      SKIP_BUILD=1 "$HERE/jmh/run.sh" harness all --warmup=10 --runs=20 --rtt_warmup=3000 --rtt_runs=20000 \
        >"$OUT/warm-harness.json" 2>"$LOGS/warm-harness.err" || true
      cat "$OUT/warm-harness.json" >&2 ;;
    jmh)
      note "JMH microbenchmarks"
      SKIP_BUILD=1 JMH_JSON="$OUT/jmh.json" "$HERE/jmh/run.sh" >"$OUT/jmh.txt" 2>"$LOGS/jmh.err" || true
      tail -n 30 "$OUT/jmh.txt" >&2 ;;
    summary)
      "$JAVA" -cp "$JAR" "$HERE/Summarize.java" "$OUT" >"$OUT/summary.md"
      files="$(ls "$OUT"/median-{cablekit,ws-floor,rails}-fanout.json 2>/dev/null | paste -sd, || true)"
      [[ -n "$files" ]] && "${BENCH[@]}" --from="$files" --chart="$OUT/fanout.png" >/dev/null
      files="$(ls "$OUT"/{cablekit,ws-floor,rails}-ramp-run1.json 2>/dev/null | paste -sd, || true)"
      [[ -n "$files" ]] && "${BENCH[@]}" --from="$files" --chart="$OUT/ramp-run1.png" >/dev/null
      cat "$OUT/summary.md" ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
