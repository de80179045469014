#!/usr/bin/env bash
# Builds and runs CableKit's JMH microbenchmarks (BENCHMARKS.md). Not part of bin/test.
#
#   bench/jmh/run.sh                      all benchmarks, short: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement
#   bench/jmh/run.sh HubFanout -p sessions=1000   JMH arguments pass through (a regex selects benchmarks)
#   bench/jmh/run.sh harness [startup|rtt|all]    the warm-JVM harness: start of mock+server, Command round trip
#   bench/jmh/run.sh harness-cold JAVA JAR [runs]  cold start of `serve` to its listening line
#   JMH_JSON=out.json bench/jmh/run.sh    also write JMH's JSON result
#   SKIP_BUILD=1 bench/jmh/run.sh ...     reuse bench/jmh/target/benchmarks.jar
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
JAVA_HOME="$(find_jdk)" || exit 1
export JAVA_HOME
export MAVEN_OPTS="$(maven_opts_for "$JAVA_HOME")"
JAR="$HERE/target/benchmarks.jar"
if [[ -z "${SKIP_BUILD:-}" || ! -f "$JAR" ]]; then
  echo "Building server and mock-rpc, then the benchmarks (JDK $JAVA_HOME)" >&2
  (cd "$ROOT" && mvn -B -q -pl server,mock-rpc -am install -DskipTests)
  (cd "$HERE" && mvn -B -q package)
fi
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)
if [[ "${1:-}" == "harness-cold" ]]; then
  shift
  exec "${JAVA[@]}" -cp "$JAR" io.cablekit.bench.harness.ColdStart "$@"
fi
if [[ "${1:-}" == "harness" ]]; then
  shift
  exec "${JAVA[@]}" -cp "$JAR" io.cablekit.bench.harness.WarmHarness "$@"
fi
ARGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
if [[ -n "${JMH_JSON:-}" ]]; then
  ARGS+=(-rf json -rff "$JMH_JSON")
fi
exec "${JAVA[@]}" -jar "$JAR" "${ARGS[@]}" "$@"
