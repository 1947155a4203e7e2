#!/usr/bin/env bash
# Where a server's context switches and CPU go, by thread: one server in its own JVM (./harness serve
# --port 0) under one `harness load`, and each of the server's threads read from /proc/PID/task/*/ at 20%
# and 80% of the load's window (voluntary and involuntary context switches from status, utime + stime from
# stat), grouped by thread name with the digits dropped (ForkJoinPool-1-worker-N -> ForkJoinPool-#-worker-#),
# each group's difference divided by the requests answered between the two readings (the rate times the
# time between them: the load is open loop and kept up). Prints one row per group, busiest first.
#
#   scripts/thread-costs.sh SECONDS RATE "SERVE OPTIONS" "LOAD OPTIONS"
#   scripts/thread-costs.sh 10 5000 "--server virtual-threads" "--protocol http --workload work --wait-us 1000 --connections 1000"
#   scripts/thread-costs.sh 10 5000 "--server helidon" "--protocol http --workload work --wait-us 1000 --connections 1000"
#
# The server JVM's flags: scripts/server-under-load.sh (SERVER_JVM_FLAGS adds to them).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 4 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
seconds=$1 rate=$2 serve=$3 load=$4
. scripts/server-under-load.sh
start_server "$serve"

# one line per thread: group tid voluntary involuntary ticks
snapshot() {
  for task in /proc/"$pid"/task/*; do
    local name vol invol ticks
    name=$(tr -d '\n' <"$task"/comm 2>/dev/null | sed 's/[0-9][0-9]*/#/g; s/ /_/g') || continue
    vol=$(awk '/^voluntary_ctxt_switches/ {print $2}' "$task"/status 2>/dev/null) || continue
    invol=$(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$task"/status 2>/dev/null) || continue
    ticks=$(sed 's/^.*) //' "$task"/stat 2>/dev/null | awk '{print $12 + $13}') || continue
    echo "$name ${task##*/} $vol $invol $ticks"
  done
}

start_load "$seconds" "$rate" "$load"
sleep 3
sleep "$(awk -v s="$seconds" 'BEGIN {print s / 5}')"
before=$(snapshot); t0=$(date +%s.%N)
sleep "$(awk -v s="$seconds" 'BEGIN {print s * 3 / 5}')"
after=$(snapshot); t1=$(date +%s.%N)
wait "$loadpid" || true
hz=$(getconf CLK_TCK)
requests=$(awk -v a="$t0" -v b="$t1" -v r="$rate" 'BEGIN {print (b - a) * r}')
echo "server: $serve ${SERVER_JVM_FLAGS:-} | load: $load, open loop at $rate req/s"
printf '%-36s %8s %14s %14s %14s %12s\n' "thread group" threads "vol cs/req" "invol cs/req" "all cs/req" "cpu us/req"
awk -v n="$requests" -v hz="$hz" '
  NR == FNR { v0[$2] = $3; i0[$2] = $4; c0[$2] = $5; next }
  { g = $1; threads[g]++; v[g] += $3 - v0[$2]; i[g] += $4 - i0[$2]; c[g] += $5 - c0[$2] }
  END {
    for (g in threads) {
      tv += v[g]; ti += i[g]; tc += c[g]
      printf "%-36s %8d %14.3f %14.3f %14.3f %12.1f\n", g, threads[g], v[g] / n, i[g] / n, (v[g] + i[g]) / n, c[g] * 1e6 / hz / n
    }
    printf "%-36s %8s %14.3f %14.3f %14.3f %12.1f\n", "= all", "", tv / n, ti / n, (tv + ti) / n, tc * 1e6 / hz / n
  }' <(echo "$before") <(echo "$after") | sort -k6 -g -r
