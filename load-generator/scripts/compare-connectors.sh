#!/usr/bin/env bash
# Times the SYNC and the ASYNC Connector opening N loopback connections (default 10,000) to a server in its
# own process (each side then holds N file descriptors: check `ulimit -n`), alternating, ROUNDS times each.
#
#   load-generator/scripts/compare-connectors.sh [N=10000] [ROUNDS=2] [SERVER=virtual-threads]
set -eu
N=${1:-10000}
ROUNDS=${2:-2}
SERVER=${3:-virtual-threads}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$HERE/harness-cli/target/harness.jar"
[ -f "$JAR" ] || { echo "no $JAR: mvn -DskipTests package first" >&2; exit 2; }
DIR=$(mktemp -d /tmp/compare-connectors.XXXXXX)
"$JAVA_HOME/bin/java" -jar "$JAR" serve --server "$SERVER" --port 0 > "$DIR/server.out" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do grep -q listening "$DIR/server.out" 2>/dev/null && break; sleep 0.1; done
TARGET=$(sed -n 's/^listening on //p' "$DIR/server.out")
echo "server $SERVER (pid $SERVER_PID) on $TARGET; $N connections; ulimit -n $(ulimit -n); $(nproc) cores"
for r in $(seq "$ROUNDS"); do
  for mode in sync async; do
    "$JAVA_HOME/bin/java" -jar "$JAR" load --target "$TARGET" --connections "$N" --connector "$mode" \
        --duration 500ms --quiet --out "$DIR/$mode-$r" > /dev/null
    python3 - "$DIR/$mode-$r/summary.json" "$mode" "$r" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["connections"]
print(f"round {sys.argv[3]}  {sys.argv[2]:5}  opened {c['opened']}  failed {c['failed']}  all in {c['connect_all_ms']:.0f} ms"
      f"  connect p50 {c['connect_us']['p50']:.0f} us  p99 {c['connect_us']['p99']:.0f} us")
PY
    sleep 1
  done
done
