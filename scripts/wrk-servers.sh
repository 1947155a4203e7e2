#!/usr/bin/env bash
# The server models side by side under wrk on HTTP GET /echo, alternating, ROUNDS times each: every server
# in its own JVM (./harness serve --port 0), measured by scripts/wrk-measure.sh (3 s warm-up, then
# `wrk -t1 -cCONNECTIONS -dSECONDS`; the server's context switches, CPU and system calls per request read
# while every connection is alive; threads at mid-run).
#
#   scripts/wrk-servers.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [SERVER...]
#   scripts/wrk-servers.sh -r 2 -d 10 -c 100 sync-threads virtual-threads proactor-act
#
# Servers default to all three. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk-measure.sh

rounds=2 seconds=10 connections=100
usage() { sed -n '2,10p' "$0" >&2; exit 2; }
while getopts "r:d:c:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) seconds=${OPTARG%s} ;;
    c) connections=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(sync-threads virtual-threads proactor-act)
command -v wrk >/dev/null || { echo "wrk-servers: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
./harness build >/dev/null 2>&1 || { echo "wrk-servers: the build failed; run ./harness build" >&2; exit 2; }

wrk_header
for round in $(seq 1 "$rounds"); do
  for server in "${servers[@]}"; do
    wrk_measure "$server (round $round)" "$seconds" "$connections" ./harness serve --server "$server" --port 0
  done
done
wrk_footer
