#!/usr/bin/env bash
# Why a server's threads leave the CPU, with the stacks that say so: one server in its own JVM (./harness
# serve --port 0) under one open-loop `harness load`, and two recordings of the server in the load's window,
# one after the other so that neither counts the other's cost:
#
#   1. perf: `perf record -e context-switches -c 1 --call-graph dwarf` (every switch, with its kernel and
#      native stack up to the JIT-compiled Java frame, named through the JVM's perf map) from 20 % to 40 %
#      of the window. Each switch is put in a thread group (the Java thread name from `jcmd Thread.print`,
#      digits dropped; for a thread that ended before, its truncated kernel name) and a kind: a preemption
#      (involuntary: the kernel took the CPU on a return to user space or an interrupt), a park of a Java
#      thread (Unsafe.park, untimed or timed), Thread.sleep, an epoll wait, a monitor, another futex wait in
#      the JVM, or other (its first user frame, e.g. a blocking read).
#   2. JFR: jdk.ThreadPark with threshold 0 and stack traces for a fifth of the window, from about half-way
#      (after the jcmd calls that read the thread names and the JIT's symbols for perf), which names the
#      Java code that parked a platform thread (carrier threads and schedulers included; a virtual thread's
#      own park is not a ThreadPark).
#
# Each count is divided by the requests answered in its recording (the rate times its length: the load is
# open loop and must keep up, which the load's summary, printed at the end, tells).
#
#   scripts/wait-stacks.sh SECONDS RATE "SERVE OPTIONS" "LOAD OPTIONS"
#   scripts/wait-stacks.sh 10 5000 "--server virtual-threads" "--protocol http --workload work --wait-us 1000 --connections 1000"
#
# Needs perf (linux-perf; the context-switches software event, no hardware counters) and permission to
# record another process (root, or kernel.perf_event_paranoid <= 1). The server JVM's flags:
# scripts/server-under-load.sh (SERVER_JVM_FLAGS adds to them). WAIT_STACKS_KEEP=1 keeps the recordings
# (perf.data, park.jfr, threads.txt) and says where.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 4 ] || { sed -n '2,27p' "$0" >&2; exit 2; }
seconds=$1 rate=$2 serve=$3 load=$4
[ "$seconds" -ge 10 ] 2>/dev/null || { echo "wait-stacks: SECONDS must be a whole number, 10 or more (both recordings and the jcmd calls between them fit in the window)" >&2; exit 2; }
command -v perf >/dev/null || { echo "wait-stacks: perf is missing (Debian: apt-get install linux-perf)" >&2; exit 2; }
. scripts/server-under-load.sh
start_server "$serve"
jcmd=$(dirname "$(readlink -f /proc/"$pid"/exe)")/jcmd
[ -x "$jcmd" ] || { echo "wait-stacks: no jcmd beside the server's java ($jcmd)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$server_out" "${loadout:-}" /tmp/perf-"$pid".map; [ -n "${WAIT_STACKS_KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT

start_load "$seconds" "$rate" "$load"
span=$(awk -v s="$seconds" 'BEGIN {print s / 5}')
sleep "$(awk -v s="$seconds" 'BEGIN {print 3 + s / 5}')"
perf record -q -e context-switches -c 1 --call-graph dwarf,4096 -p "$pid" -o "$work"/perf.data -- sleep "$span" \
  >/dev/null 2>&1
# at once, while the threads perf saw are alive and the code it saw is compiled as it was
"$jcmd" "$pid" Thread.print >"$work"/threads.txt
"$jcmd" "$pid" Compiler.perfmap >/dev/null
"$jcmd" "$pid" JFR.start name=wait-stacks settings=none '+jdk.ThreadPark#enabled=true' '+jdk.ThreadPark#threshold=0ms' \
  '+jdk.ThreadPark#stackTrace=true' duration="${span}s" filename="$work"/park.jfr >/dev/null
sleep "$span"
wait "$loadpid" || true
sleep 1      # the JFR recording is written when its duration ends
requests=$(awk -v s="$span" -v r="$rate" 'BEGIN {print s * r}')
# rows by thread group, then most frequent first; the total last
# (the awk scripts print: group, a tab, the figure, a tab, the row)
total_last() { sort -t$'\t' -k1,1 -k2,2gr | cut -f3 | awk '/^  = all/ { last = $0; next } { print } END { print last }'; }

echo "server: $serve ${SERVER_JVM_FLAGS:-} | load: $load, open loop at $rate req/s; each recording ${span} s, $requests requests"
echo
echo "context switches per request, by thread group and kind (perf, every switch)"
# tid (decimal) -> Java thread name, digits dropped
sed -n 's/^"\([^"]*\)".* nid=\(\(0x\)\{0,1\}[0-9a-f]*\) .*$/\2 \1/p' "$work"/threads.txt \
  | while read -r nid name; do echo "$((nid)) $(echo "$name" | sed 's/[0-9][0-9]*/#/g; s/ /_/g')"; done >"$work"/names.txt
perf script -i "$work"/perf.data -F comm,tid,ip,sym 2>/dev/null | awk -v n="$requests" '
  FILENAME != "-" { name[$1] = $2; next }
  function flush() {
    if (tid == "") return
    g = (tid in name) ? name[tid] : comm "... (ended)"
    if (stack ~ /exit_to_user_mode|irqentry_exit|preempt_schedule/) kind = "preempted (involuntary)"
    else if (stack ~ /Parker::park/) kind = (stack ~ /timedwait/) ? "Unsafe.park, timed" : "Unsafe.park, untimed"
    else if (stack ~ /JVM_Sleep/) kind = "Thread.sleep"
    else if (stack ~ /epoll_wait/) kind = "epoll_wait"
    else if (stack ~ /ObjectMonitor/) kind = "monitor enter or wait"
    else if (stack ~ /futex/) kind = "futex wait, in the JVM"
    else kind = "other: " (firstuser == "" ? "?" : firstuser)
    count[g SUBSEP kind]++; all++
    tid = ""; stack = ""; firstuser = ""
  }
  /^[^\t]/ { flush(); tid = $NF + 0; comm = $0; sub(/ +[0-9]+ *$/, "", comm); gsub(/[0-9]+/, "#", comm); gsub(/ /, "_", comm); next }
  /^$/ { flush(); next }
  { sym = $2; stack = stack " " sym; if (firstuser == "" && $1 !~ /^ffffffff/) firstuser = sym }
  END {
    flush()
    for (k in count) { split(k, p, SUBSEP); printf "%s\t%f\t  %-34s %-28s %8.3f\n", p[1], count[k] / n, p[1], p[2], count[k] / n }
    printf "=\t0\t  %-34s %-28s %8.3f\n", "= all", "", all / n
  }' "$work"/names.txt - | total_last

echo
echo "parks of platform threads per request, by thread group, timed or not, and the Java code that parked (JFR)"
"$(dirname "$jcmd")"/jfr print --events jdk.ThreadPark --stack-depth 6 "$work"/park.jfr | awk -v n="$requests" '
  /eventThread = / { t = $3; gsub(/"/, "", t); gsub(/[0-9]+/, "#", t) }
  /timeout = / { timed = ($3 == "N/A") ? "untimed" : "timed" }
  /until = / { if ($3 != "N/A") timed = "timed" }
  /stackTrace = \[/ { frames = 0; where = ""; in_stack = 1; next }
  in_stack && /^ *\]/ { in_stack = 0; count[t SUBSEP timed SUBSEP where]++; all++; next }
  in_stack {
    f = $0; sub(/^ +/, "", f); sub(/\(.*$/, "", f)
    if (f !~ /^jdk\.internal\.misc\.Unsafe\.park|^java\.util\.concurrent\.locks\.LockSupport\./ && frames < 2) {
      where = where (where == "" ? "" : " < ") f; frames++
    }
  }
  END {
    for (k in count) { split(k, p, SUBSEP); printf "%s\t%f\t  %-34s %-8s %8.3f  %s\n", p[1], count[k] / n, p[1], p[2], count[k] / n, p[3] }
    printf "=\t0\t  %-34s %-8s %8.3f\n", "= all", "", all / n
  }' | total_last

echo
echo "the load (its whole window): $(grep -o '"throughput_rps": [0-9.]*' "$loadout"/summary.json), $(grep -o '"status": "[^"]*"' "$loadout"/summary.json | head -1)"
