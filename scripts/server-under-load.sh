# Sourced by scripts/thread-costs.sh and scripts/wait-stacks.sh: one server in its own JVM (./harness serve
# --port 0) under one open-loop `harness load` that warms up for 3 s first.
#
#   start_server "SERVE OPTIONS"               sets $pid (the server JVM) and $port; at exit stops the server
#                                              and removes its output and the load's directory
#   start_load SECONDS RATE "LOAD OPTIONS"     sets $loadpid and $loadout (the load's --out directory)
#
# The server JVM runs with $SCRIPT_SERVER_JVM_FLAGS (scripts/server-jvm.sh: a fixed heap, touched at start)
# and $SERVER_JVM_FLAGS after them (e.g. SERVER_JVM_FLAGS=-Djdk.virtualThreadScheduler.parallelism=1).

. "$(dirname "${BASH_SOURCE[0]}")/server-jvm.sh"

start_server() {
  ./harness build >/dev/null 2>&1 || { echo "$(basename "$0"): the build failed; run ./harness build" >&2; exit 2; }
  local serve_options
  read -r -a serve_options <<<"$1"
  server_out=$(mktemp)
  HARNESS_JAVA_OPTS="$SCRIPT_SERVER_JVM_FLAGS ${SERVER_JVM_FLAGS:-}" ./harness serve --port 0 --max-connections 20000 \
    "${serve_options[@]}" >"$server_out" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; rm -rf "$server_out" "${loadout:-}"' EXIT
  for _ in $(seq 1 300); do grep -q listening "$server_out" && break; sleep 0.1; done
  port=$(sed -n 's/^listening on .*:\([0-9]*\).*$/\1/p' "$server_out")
  [ -n "$port" ] || { echo "$(basename "$0"): the server did not start: $(cat "$server_out")" >&2; exit 1; }
}

start_load() {
  local load_options
  read -r -a load_options <<<"$3"
  loadout=$(mktemp -d)
  ./harness load --target 127.0.0.1:"$port" --rate "$2" --warmup 3s --duration "$1s" --quiet \
    --out "$loadout" "${load_options[@]}" >/dev/null &
  loadpid=$!
}
