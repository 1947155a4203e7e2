#!/usr/bin/env bash
# Side-by-side wrk comparison of server models on GET /echo, with the server's context switches and
# threads read from /proc/PID/task/*/status around each wrk run.
#
#   scripts/wrk-servers.sh [-r ROUNDS] [-d DURATION] [-c CONNECTIONS] SERVER...
#   scripts/wrk-servers.sh -r 2 -d 10s -c 100 sync-threads virtual-threads
#
# Each round starts every server in turn in its own JVM (./harness serve --port 0), warms it up with
# a 3 s wrk run, then measures with `wrk -t1 -cC -dD` and prints one row per server and round:
# requests/s, wrk's latency p50/p99, the server's threads, and its context switches per request
# (voluntary + involuntary, summed over all of its threads). Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=2 duration=10s connections=100
while getopts "r:d:c:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) duration=$OPTARG ;;
    c) connections=$OPTARG ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk-servers: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

./harness build >/dev/null 2>&1 || ./harness --help >/dev/null

ctx_switches() { # PID -> sum of voluntary+nonvoluntary over live threads (one may exit while we read)
  { cat /proc/"$1"/task/*/status 2>/dev/null || true; } | awk '/^(voluntary|nonvoluntary)_ctxt_switches/ {s += $2} END {print s}'
}

printf '%-16s %5s %12s %9s %9s %8s %14s\n' server round requests/s p50 p99 threads ctxsw/request
for round in $(seq 1 "$rounds"); do
  for server in "$@"; do
    out=$(mktemp)
    ./harness serve --server "$server" --port 0 >"$out" 2>/dev/null &
    pid=$!
    for _ in $(seq 1 100); do grep -q listening "$out" && break; sleep 0.1; done
    port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out")
    [ -n "$port" ] || { echo "wrk-servers: $server did not start" >&2; kill "$pid" 2>/dev/null; exit 1; }
    jpid=$(pgrep -P "$pid" java || echo "$pid")
    url="http://127.0.0.1:$port/echo"
    wrk -t1 -c"$connections" -d3s "$url" >/dev/null
    before=$(ctx_switches "$jpid")
    result=$(wrk -t1 -c"$connections" -d"$duration" --latency "$url")
    after=$(ctx_switches "$jpid")
    threads=$(ls /proc/"$jpid"/task | wc -l)
    javabin=$(readlink /proc/"$jpid"/exe)
    requests=$(awk '/requests in/ {print $1}' <<<"$result")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$result")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$result")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$result")
    errors=$(grep -E 'Socket errors|Non-2xx' <<<"$result" || true)
    printf '%-16s %5s %12s %9s %9s %8s %14.3f\n' "$server" "$round" "$rps" "$p50" "$p99" "$threads" \
      "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {print (a - b) / n}')"
    [ -z "$errors" ] || echo "  $errors"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -f "$out"
  done
done
echo "java: $("$javabin" -version 2>&1 | head -1) | wrk -t1 -c$connections -d$duration | $(nproc) cores | $(uname -r)"
