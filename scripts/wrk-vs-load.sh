#!/usr/bin/env bash
# The load generator against wrk on one nginx: alternating rounds of `wrk -t1 -cCONNECTIONS` and
# `harness load --protocol http --connections CONNECTIONS --threads 1` (closed loop, GET /echo), so that
# drift and other work on the machine spread over both clients.
#
#   scripts/wrk-vs-load.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [-k KEEPALIVE_REQUESTS] [-o CSV] [-l LOCK]
#   scripts/wrk-vs-load.sh -r 5 -d 10 -c 100                 # stock nginx (keepalive_requests 1000)
#   scripts/wrk-vs-load.sh -r 5 -d 10 -c 100 -k 100000000    # connections that stay open
#
# nginx runs with its default configuration but for one worker, a temporary prefix, a free loopback port
# and no access log (as NginxTest does); -k sets keepalive_requests. Each round runs one client for SECONDS
# after its own warm-up (wrk: a 3 s wrk run; harness load: --warmup 3s in its JVM). The client's own cost
# per request: wrk's whole process under `perf stat -e task-clock,context-switches` over every request it
# made; the generator's I/O thread over its window (summary.json `generator.*_per_request`). The share of
# that CPU spent in the kernel (sys %): wrk's from perf's user_time and system_time; the I/O thread's from
# its utime and stime in /proc, read at 20% and 80% of the window. With -l LOCK
# every measurement runs under `flock LOCK` (a shared machine), one client run at a time. Rows go to
# stdout and, with -o, to a CSV file; then the medians and min-max per client.
# Needs nginx, wrk, perf and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5 seconds=10 connections=100 keepalive="" csv="" lock=""
usage() { sed -n '2,17p' "$0" >&2; exit 2; }
while getopts "r:d:c:k:o:l:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) seconds=${OPTARG%s} ;;
    c) connections=$OPTARG ;;
    k) keepalive=$OPTARG ;;
    o) csv=$OPTARG ;;
    l) lock=$OPTARG ;;
    *) usage ;;
  esac
done
for tool in nginx wrk perf jq; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "wrk-vs-load: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
./harness build >/dev/null 2>&1 || { echo "wrk-vs-load: the build failed; run ./harness build" >&2; exit 2; }

locked() { if [ -n "$lock" ]; then flock "$lock" "$@"; else "$@"; fi; }

prefix=$(mktemp -d /tmp/wrk-vs-load.XXXXXX)
chmod 755 "$prefix"               # the worker may run as another user
nginx_pid=""
cleanup() { [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true; rm -rf "$prefix"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$prefix/html"
printf 'hello\n' >"$prefix/html/echo"
cat >"$prefix/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $prefix/nginx.pid;
error_log $prefix/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  ${keepalive:+keepalive_requests $keepalive;}
  client_body_temp_path $prefix/client_body;
  proxy_temp_path $prefix/proxy;
  fastcgi_temp_path $prefix/fastcgi;
  uwsgi_temp_path $prefix/uwsgi;
  scgi_temp_path $prefix/scgi;
  server {
    listen 127.0.0.1:$port;
    root $prefix/html;
  }
}
EOF
"$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" >"$prefix/stdout.log" 2>&1 &
nginx_pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/echo" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/echo"

# wrk_round: prints "requests/s cpu-us/request ctxsw/request"
wrk_round() {
  wrk -t1 -c"$connections" -d3s "$url" >/dev/null
  local out stat; out=$(mktemp); stat=$(mktemp)
  perf stat -x, -o "$stat" -e task-clock,context-switches,user_time,system_time wrk -t1 -c"$connections" -d"${seconds}s" "$url" >"$out"
  local requests rps clock ctx
  requests=$(awk '/requests in/ {print $1}' "$out")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  clock=$(awk -F, '$3 == "task-clock" {print $1}' "$stat")        # milliseconds
  ctx=$(awk -F, '$3 == "context-switches" {print $1}' "$stat")
  sys=$(awk -F, '$3 == "user_time" {u = $1} $3 == "system_time" {s = $1} END {printf "%.1f", 100 * s / (u + s)}' "$stat")
  grep -E 'Socket errors|Non-2xx' "$out" >&2 || true
  rm -f "$out" "$stat"
  awk -v r="$rps" -v c="$clock" -v x="$ctx" -v n="$requests" -v s="$sys" \
    'BEGIN {printf "%.0f %.2f %.3f %s\n", r, c * 1000 / n, x / n, s}'
}

# load_round: prints "requests/s cpu-us/request ctxsw/request sys% reconnects errors status"
load_round() {
  local out; out=$(mktemp -d)
  ./harness load --target "127.0.0.1:$port" --protocol http --connections "$connections" --threads 1 \
    --warmup 3s --duration "${seconds}s" --out "$out" --quiet >/dev/null &
  local loadpid=$! comm="" ticks0 ticks1
  # the I/O thread appears once its connections are open; its window starts after the 3 s warm-up
  for _ in $(seq 1 600); do
    comm=$(grep -lx load-io-0 /proc/[0-9]*/task/*/comm 2>/dev/null | head -1) && [ -n "$comm" ] && break
    sleep 0.05
  done
  # utime and stime (fields 14 and 15 of stat, counted after the command's closing parenthesis)
  io_ticks() { sed 's/^.*) //' "${comm%/comm}/stat" 2>/dev/null | awk '{print $12, $13}'; }
  sleep "$(awk -v s="$seconds" 'BEGIN {print 3 + s / 5}')"; ticks0=$(io_ticks)
  sleep "$(awk -v s="$seconds" 'BEGIN {print s * 3 / 5}')"; ticks1=$(io_ticks)
  wait "$loadpid" || true
  local sys; sys=$(awk -v a="$ticks0" -v b="$ticks1" 'BEGIN {
    split(a, x, " "); split(b, y, " "); u = y[1] - x[1]; s = y[2] - x[2]
    if (u + s > 0) printf "%.1f", 100 * s / (u + s); else printf "-" }')
  jq -r --arg sys "$sys" '[(.throughput_rps | round), (.generator.cpu_us_per_request * 100 | round / 100),
          (.generator.ctx_switches_per_request * 1000 | round / 1000), $sys, .connections.reconnects,
          .requests.errors, .status] | map(tostring) | join(" ")' "$out/summary.json"
  rm -rf "$out"
}

header="round client requests_per_s cpu_us_per_request ctx_switches_per_request sys_percent reconnects errors status"
echo "$header"
[ -z "$csv" ] || echo "${header// /,}" >"$csv"
rows=$(mktemp)
for round in $(seq 1 "$rounds"); do
  for client in wrk harness-load; do
    if [ "$client" = wrk ]; then row=$(locked bash -c "$(declare -f wrk_round); $(declare -p url connections seconds); wrk_round")
    else row=$(locked bash -c "$(declare -f load_round); $(declare -p port connections seconds); load_round"); fi
    [ "$client" = wrk ] && row="$row - - -"
    echo "$round $client $row" | tee -a "$rows"
    [ -z "$csv" ] || echo "$round $client $row" | tr ' ' , >>"$csv"
  done
done
echo
echo "client median(min-max): requests/s | cpu us/request | ctx switches/request | sys %"
for client in wrk harness-load; do
  printf '%s' "$client"
  for col in 3 4 5 6; do
    awk -v c="$client" -v k="$col" '$2 == c {print $k}' "$rows" | sort -g |
      awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf " | %s (%s-%s)", m, v[1], v[NR]}'
  done
  echo
done
echo "nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') keepalive_requests ${keepalive:-default} | wrk -t1 -c$connections -d${seconds}s | $(nproc) cores | $(uname -r) | $(date -u +%FT%TZ) | commit $(git rev-parse --short HEAD)"
rm -f "$rows"
