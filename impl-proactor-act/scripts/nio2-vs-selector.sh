#!/usr/bin/env bash
# The measurement that chose how the Proactor produces completions: NIO.2 asynchronous channels
# (Nio2EchoPrototype, an AsynchronousChannelGroup of LOOPS threads) against the Selector-based
# emulation (the proactor-act server with --loops LOOPS), both on HTTP GET /echo through the same
# codecs and services, alternating, ROUNDS times each: `wrk -t1 -c100 -d10s` after a 3 s warm-up.
#
#   impl-proactor-act/scripts/nio2-vs-selector.sh [ROUNDS] [LOOPS]
#
# Needs the packaged jar and the test classes:
#   mvn -q -DskipTests package && mvn -q -pl impl-proactor-act test-compile
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2} loops=${2:-2}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ctx() { { cat /proc/"$1"/task/*/status 2>/dev/null || true; } | awk '/ctxt_switches/ {s += $2} END {print s}'; }
run() { # name port cmd...
  local name=$1 port=$2; shift 2
  "$@" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/echo" >/dev/null && break; sleep 0.1; done
  wrk -t1 -c100 -d3s "http://127.0.0.1:$port/echo" >/dev/null
  local before; before=$(ctx "$pid")
  local result; result=$(wrk -t1 -c100 -d10s "http://127.0.0.1:$port/echo")
  local after; after=$(ctx "$pid")
  local requests; requests=$(awk '/requests in/ {print $1}' <<<"$result")
  printf '%-22s round %s  %12s req/s  threads %3s  ctxsw/request %.3f\n' "$name" "$round" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$result")" "$(ls /proc/$pid/task | wc -l)" \
    "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {print (a - b) / n}')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq 1 "$rounds"); do
  run "nio2 ($loops threads)" 18081 "$java" -cp service-api/target/classes:impl-proactor-act/target/test-classes \
    dev.harness.proactor.prototype.Nio2EchoPrototype 18081 "$loops"
  run "selector ($loops loops)" 18080 "$java" -jar harness-cli/target/harness.jar serve --server proactor-act \
    --port 18080 --loops "$loops"
done
echo "$("$java" -version 2>&1 | head -1) | $(nproc) cores | $(uname -r) | $(date -u +%FT%TZ)"
