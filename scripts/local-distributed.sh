#!/usr/bin/env bash
# One load run as N generators on this machine, then as one, against one server; the N results merged.
#
#   scripts/local-distributed.sh OUT [N] [RATE] [CONNECTIONS] [DURATION] [SERVER]
#
# Starts `harness serve --server SERVER` (default proactor-act) on a free port; runs N `harness load`
# processes (default 4) with --index 0..N-1 --of N and one --start-at 15 s ahead, each over its share of
# CONNECTIONS (default 4000) and of the open-loop RATE (default 20000 req/s, uniform), with a 5 s warmup and
# DURATION (default 20s) measured; merges them with `harness merge` into OUT/merged; then runs one generator
# at the full RATE and CONNECTIONS into OUT/single for comparison. OUT/run.txt records the commit and the
# commands. Run it under the measurement lock on a shared machine:
#   flock /work/measure.lock scripts/local-distributed.sh results/$(date -u +%Y%m%dT%H%M%SZ)-distributed-local
set -euo pipefail
out=$1 n=${2:-4} rate=${3:-20000} connections=${4:-4000} duration=${5:-20s} server=${6:-proactor-act}
cd "$(dirname "$0")/.."
mkdir -p "$out"
./harness serve --server "$server" --port 0 --max-connections "$((connections * 2))" >"$out/serve.txt" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q listening "$out/serve.txt" && break; sleep 0.1; done
target=$(sed -n 's/^listening on \(.*\)$/\1/p' "$out/serve.txt")
[ -n "$target" ] || { echo "the server did not start: $(cat "$out/serve.txt")" >&2; exit 2; }
common=(--target "$target" --connections "$connections" --rate "$rate" --warmup 5s --duration "$duration" --quiet)
start=$(date -u -d '+15 seconds' +%Y-%m-%dT%H:%M:%SZ)
{
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' || echo ' (dirty)')"
  echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, server $server at $target"
  echo "generators: ./harness load ${common[*]} --index I --of $n --start-at $start --out $out/gen-I"
  echo "merge: ./harness merge $out/gen-* --out $out/merged"
  echo "single: ./harness load ${common[*]} --out $out/single"
} >"$out/run.txt"
pids=()
for i in $(seq 0 $((n - 1))); do
  ./harness load "${common[@]}" --index "$i" --of "$n" --start-at "$start" --out "$out/gen-$i" >"$out/gen-$i.txt" 2>&1 &
  pids+=($!)
done
for i in "${!pids[@]}"; do   # a load's exit code says ok (0), overloaded (3) ...: recorded, not fatal
  code=0; wait "${pids[$i]}" || code=$?; echo "gen-$i exit $code" >>"$out/run.txt"
done
parts=()
for i in $(seq 0 $((n - 1))); do parts+=("$out/gen-$i"); done
./harness merge "${parts[@]}" --out "$out/merged" | tee "$out/merged.txt"
code=0; ./harness load "${common[@]}" --out "$out/single" >"$out/single.txt" || code=$?
echo "single exit $code" >>"$out/run.txt"
cat "$out/single.txt"
