#!/usr/bin/env bash
# The measurement that chose how the Proactor produces completions: NIO.2 asynchronous channels
# (Nio2EchoPrototype, an AsynchronousChannelGroup of LOOPS threads) against the Selector-based
# emulation (the proactor-act server with --loops LOOPS), both on HTTP GET /echo through the same
# codecs and services, alternating, ROUNDS times each: `wrk -t1 -c100 -d10s` after a 3 s warm-up; the
# server's context switches, CPU time and read/write system calls are read at 2 s and 8 s into the run and
# divided by 6/10 of wrk's requests.
#
#   impl-proactor-act/scripts/nio2-vs-selector.sh [ROUNDS] [LOOPS]
#
# Needs the packaged jar and the test classes:
#   mvn -q -DskipTests package && mvn -q -pl impl-proactor-act -am test-compile
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2} loops=${2:-2}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ctx() { { cat /proc/"$1"/task/*/status 2>/dev/null || true; } | awk '/ctxt_switches/ {s += $2} END {print s}'; }
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }                 # utime + stime, in clock ticks
syscalls() { awk '/^sysc[rw]/ {s += $2} END {print s}' /proc/"$1"/io; }  # read- and write-like system calls
run() { # name cmd... (the command binds port 0 and prints "listening on HOST:PORT")
  local name=$1; shift
  local out; out=$(mktemp)
  "$@" >"$out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do grep -q listening "$out" && break; sleep 0.1; done
  local port; port=$(sed -n 's/^listening on .*:\([0-9]*\).*$/\1/p' "$out")
  [ -n "$port" ] || { echo "$name did not start: $(cat "$out")" >&2; kill "$pid"; exit 1; }
  wrk -t1 -c100 -d3s "http://127.0.0.1:$port/echo" >/dev/null
  # the counters are read at 2 s and 8 s into the 10 s run, while every connection (and, in the thread
  # models, every connection's thread) is alive: a thread's counts leave /proc with it
  local wrkout; wrkout=$(mktemp)
  wrk -t1 -c100 -d10s "http://127.0.0.1:$port/echo" >"$wrkout" &
  local wrkpid=$!
  sleep 2
  local before; before=$(ctx "$pid")
  local cpu0; cpu0=$(cpu_ticks "$pid")
  local sys0; sys0=$(syscalls "$pid")
  sleep 3
  local threads; threads=$(ls /proc/"$pid"/task | wc -l)
  sleep 3
  local after; after=$(ctx "$pid")
  local cpu1; cpu1=$(cpu_ticks "$pid")
  local sys1; sys1=$(syscalls "$pid")
  wait "$wrkpid"
  local result; result=$(cat "$wrkout"); rm -f "$wrkout"
  local hz; hz=$(getconf CLK_TCK)
  local requests; requests=$(awk '/requests in/ {print $1 * 6 / 10}' <<<"$result")  # in the 6 s window
  printf '%-22s round %s  %12s req/s  threads-during-run %3s  ctxsw/request %.3f  cpu-us/request %.2f  read+write-syscalls/request %.2f\n' \
    "$name" "$round" "$(awk '/^Requests\/sec/ {print $2}' <<<"$result")" "$threads" \
    "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {print (a - b) / n}')" \
    "$(awk -v a="$cpu1" -v b="$cpu0" -v n="$requests" -v hz="$hz" 'BEGIN {print (a - b) * 1e6 / hz / n}')" \
    "$(awk -v a="$sys1" -v b="$sys0" -v n="$requests" 'BEGIN {print (a - b) / n}')"
  grep -E 'Socket errors|Non-2xx' <<<"$result" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
}
for round in $(seq 1 "$rounds"); do
  run "nio2 ($loops threads)" "$java" -cp service-api/target/classes:impl-proactor-act/target/test-classes \
    dev.harness.proactor.prototype.Nio2EchoPrototype 0 "$loops"
  run "selector ($loops loops)" "$java" -jar harness-cli/target/harness.jar serve --server proactor-act \
    --port 0 --loops "$loops"
done
echo "$("$java" -version 2>&1 | head -1) | $(nproc) cores | $(uname -r) | $(date -u +%FT%TZ)"
