#!/usr/bin/env bash
# Our servers beside the reference servers under wrk, so that the side-by-side figures of `harness run
# --profile peers` do not rest on our generator alone: each server in its own JVM (./harness serve --port 0),
# alternating, ROUNDS times each, measured by scripts/wrk-measure.sh (3 s warm-up, then
# `wrk -t1 -cCONNECTIONS -dSECONDS`; the server's context switches, CPU and system calls per request read while
# every connection is alive; threads at mid-run). proactor-act and netty run with one and with two loops.
#
#   scripts/wrk-peers.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [-p PATH]
#   scripts/wrk-peers.sh -r 2 -d 10 -c 100                          # GET /echo
#   scripts/wrk-peers.sh -r 1 -d 10 -c 1000 -p '/work?wait_us=1000'  # a 1 ms wait, closed loop
#
# After the rounds: each server's median (min-max) of throughput, CPU and context switches per request, and
# the median of each round's ratio of a model to its reference (rounds alternate, so a ratio is side by side).
#
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk-measure.sh

rounds=2 seconds=10 connections=100 path=/echo
usage() { sed -n '2,13p' "$0" >&2; exit 2; }
while getopts "r:d:c:p:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) seconds=${OPTARG%s} ;;
    c) connections=$OPTARG ;;
    p) path=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
command -v wrk >/dev/null || { echo "wrk-peers: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
./harness build >/dev/null 2>&1 || { echo "wrk-peers: the build failed; run ./harness build" >&2; exit 2; }

# NAME|SERVE OPTIONS: the servers in the order measured
servers=(
  "proactor-act --loops 1|--server proactor-act --loops 1"
  "netty --loops 1|--server netty --loops 1"
  "proactor-act --loops 2|--server proactor-act --loops 2"
  "netty --loops 2|--server netty --loops 2"
  "virtual-threads|--server virtual-threads"
  "helidon|--server helidon"
  "sync-threads|--server sync-threads"
  "jdk-http|--server jdk-http"
  "jdk-http-virtual|--server jdk-http-virtual"
)
export WRK_PATH=$path
rows=$(mktemp) row=$(mktemp)
trap 'rm -f "$rows" "$row"' EXIT
echo "GET $path, wrk -t1 -c$connections -d${seconds}s"
wrk_header
for round in $(seq 1 "$rounds"); do
  for entry in "${servers[@]}"; do
    read -r -a options <<<"${entry#*|}"
    # not in a pipeline: wrk_measure sets WRK_JAVA for wrk_footer in this shell
    wrk_measure "${entry%%|*} ($round)" "$seconds" "$connections" ./harness serve --port 0 --max-connections 20000 \
      "${options[@]}" >"$row"
    cat "$row"
    cat "$row" >>"$rows"
  done
done
wrk_footer
echo
wrk_medians <"$rows"
echo
# model|reference: the pairs of the goals; a ratio above 1 favours the model (more requests/s, less CPU and
# fewer switches per request)
wrk_ratios "proactor-act --loops 1|netty --loops 1" "proactor-act --loops 2|netty --loops 2" \
  "virtual-threads|helidon" "sync-threads|jdk-http" <"$rows"
