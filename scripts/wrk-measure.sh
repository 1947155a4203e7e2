# shellcheck shell=bash
# Sourced by the wrk comparison scripts: measure one server under `wrk -t1` on GET /echo (or on the path and
# query in WRK_PATH, e.g. WRK_PATH='/work?wait_us=1000') and print a row.
#
#   . scripts/wrk-measure.sh
#   wrk_measure NAME DURATION_S CONNECTIONS COMMAND...
#
# COMMAND starts the server on port 0 and prints "listening on HOST:PORT". After a 3 s wrk warm-up, wrk runs
# DURATION_S seconds in the background, and the server's counters are read at 20% and 80% of the run, while
# every connection (and in the thread models every connection's thread: a thread's counts leave /proc with
# it) is alive: context switches (voluntary + involuntary over /proc/PID/task/*/status), CPU time
# (/proc/PID/stat) and read/write system calls (/proc/PID/io). They are divided by the requests of that
# window (60% of wrk's, the rate being steady). Threads are counted at mid-run.
#
# COMMAND's JVM runs with $SCRIPT_SERVER_JVM_FLAGS (scripts/server-jvm.sh: a fixed heap, touched at start).

. "$(dirname "${BASH_SOURCE[0]}")/server-jvm.sh"

wrk_ctx() { { cat /proc/"$1"/task/*/status 2>/dev/null || true; } | awk '/ctxt_switches/ {s += $2} END {print s}'; }
wrk_cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }                # utime + stime, in clock ticks
wrk_syscalls() { awk '/^sysc[rw]/ {s += $2} END {print s}' /proc/"$1"/io; } # read- and write-like calls

wrk_header() {
  printf '%-24s %12s %8s %8s %8s %14s %13s %17s\n' server requests/s p50 p99 threads ctxsw/request \
    cpu-us/request syscalls/request
}

wrk_measure() {
  local name=$1 seconds=$2 connections=$3; shift 3
  local out; out=$(mktemp)
  HARNESS_JAVA_OPTS="$SCRIPT_SERVER_JVM_FLAGS" "$@" >"$out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do grep -q listening "$out" && break; sleep 0.1; done
  local port; port=$(sed -n 's/^listening on .*:\([0-9]*\).*$/\1/p' "$out")
  [ -n "$port" ] || { echo "$name did not start: $(cat "$out")" >&2; kill "$pid" 2>/dev/null; return 1; }
  local url="http://127.0.0.1:$port${WRK_PATH:-/echo}"
  wrk -t1 -c"$connections" -d3s "$url" >/dev/null
  local wrkout; wrkout=$(mktemp)
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url" >"$wrkout" &
  local wrkpid=$!
  local fifth; fifth=$(awk -v s="$seconds" 'BEGIN {print s / 5}')
  local mid; mid=$(awk -v s="$seconds" 'BEGIN {print s * 3 / 10}')
  sleep "$fifth"
  local ctx0 cpu0 sys0; ctx0=$(wrk_ctx "$pid"); cpu0=$(wrk_cpu_ticks "$pid"); sys0=$(wrk_syscalls "$pid")
  sleep "$mid"
  local threads; threads=$(find /proc/"$pid"/task -mindepth 1 -maxdepth 1 | wc -l)
  WRK_JAVA=$(readlink /proc/"$pid"/exe) # the JVM that served, for wrk_footer
  sleep "$mid"
  local ctx1 cpu1 sys1; ctx1=$(wrk_ctx "$pid"); cpu1=$(wrk_cpu_ticks "$pid"); sys1=$(wrk_syscalls "$pid")
  wait "$wrkpid"
  local result; result=$(cat "$wrkout"); rm -f "$wrkout"
  local hz; hz=$(getconf CLK_TCK)
  local requests; requests=$(awk '/requests in/ {print $1 * 6 / 10}' <<<"$result")
  printf '%-24s %12s %8s %8s %8s %14.3f %13.2f %17.2f\n' "$name" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$result")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$result")" "$(awk '$1 == "99%" {print $2}' <<<"$result")" "$threads" \
    "$(awk -v a="$ctx1" -v b="$ctx0" -v n="$requests" 'BEGIN {print (a - b) / n}')" \
    "$(awk -v a="$cpu1" -v b="$cpu0" -v n="$requests" -v hz="$hz" 'BEGIN {print (a - b) * 1e6 / hz / n}')" \
    "$(awk -v a="$sys1" -v b="$sys0" -v n="$requests" 'BEGIN {print (a - b) / n}')"
  grep -E 'Socket errors|Non-2xx' <<<"$result" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
}

wrk_footer() { # after wrk_measure: names the JVM that served and its flags
  echo "$("$WRK_JAVA" -version 2>&1 | head -1) $SCRIPT_SERVER_JVM_FLAGS | wrk -t1 | $(nproc) cores | $(uname -r) | $(date -u +%FT%TZ) | commit $(git rev-parse --short HEAD 2>/dev/null)"
}

# The rows of wrk_measure by server (the name without its "(round)") and round, and a median (min-max):
# the awk that wrk_medians and wrk_ratios share.
WRK_ROWS_AWK='
  $NF ~ /^[0-9.]+$/ && match($0, /\([0-9]+\)/) {
    name = $0; sub(/ *\([0-9]+\).*$/, "", name)
    round = substr($0, RSTART + 1, RLENGTH - 2) + 0
    n = split($0, f, " ")      # from the end: syscalls cpu ctxsw threads p99 p50 requests/s
    rps[name, round] = f[n - 6]; ctx[name, round] = f[n - 2]; cpu[name, round] = f[n - 1]
    if (!(name in seen)) { seen[name] = 1; order[++names] = name }
    if (round > rounds) rounds = round
  }
  # v[1..k] sorted, as "median (min-max)" in fmt
  function median(v, k, fmt,   i, j, t) {
    for (i = 2; i <= k; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return sprintf(fmt " (" fmt "-" fmt ")", (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2, v[1], v[k])
  }
'

# wrk_medians <ROWS: per server, the median (min-max) over its rounds of requests/s, CPU and context switches
# per request
wrk_medians() {
  printf '%-24s %28s %24s %24s\n' server "requests/s median (min-max)" "cpu-us/request" "ctxsw/request"
  awk "$WRK_ROWS_AWK"'
    # a[name, round] over the rounds that have one, as median(...)
    function over_rounds(a, name, fmt,   r, k, v) {
      for (r = 1; r <= rounds; r++) if ((name, r) in a) v[++k] = a[name, r]
      return median(v, k, fmt)
    }
    END {
      for (i = 1; i <= names; i++) {
        name = order[i]
        printf "%-24s %28s %24s %24s\n", name, over_rounds(rps, name, "%.0f"), over_rounds(cpu, name, "%.2f"),
          over_rounds(ctx, name, "%.3f")
      }
    }'
}

# wrk_ratios "MODEL|REFERENCE"... <ROWS: per pair, the median (min-max) over rounds of that round's
# model-to-reference ratio of requests/s, and reference-to-model of CPU and of context switches per request
wrk_ratios() {
  printf '%-40s %24s %24s %24s\n' "model vs reference, per-round ratios" "requests/s" "cpu (ref/model)" \
    "ctxsw (ref/model)"
  local pairs; pairs=$(printf '%s\n' "$@")
  awk -v pairs="$pairs" "$WRK_ROWS_AWK"'
    END {
      p = split(pairs, pair, "\n")
      for (i = 1; i <= p; i++) {
        split(pair[i], mr, "|"); m = mr[1]; r = mr[2]; k = 0
        delete a; delete b; delete c
        for (round = 1; round <= rounds; round++) {
          if (!((m, round) in rps) || !((r, round) in rps) || rps[r, round] == 0 || cpu[m, round] == 0 || ctx[m, round] == 0) continue
          k++; a[k] = rps[m, round] / rps[r, round]; b[k] = cpu[r, round] / cpu[m, round]; c[k] = ctx[r, round] / ctx[m, round]
        }
        if (k) printf "%-40s %24s %24s %24s\n", m " vs " r, median(a, k, "%.2f"), median(b, k, "%.2f"), median(c, k, "%.2f")
      }
    }'
}
