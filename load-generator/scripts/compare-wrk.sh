#!/usr/bin/env bash
# Compares `harness load` with wrk against nginx, side by side in one run (a claim is a ratio
# measured side by side). Starts nginx (one worker, GET /echo -> "hello\n", no access log, otherwise its
# defaults: it closes a keep-alive connection after 1,000 requests, and both clients reconnect) on a free
# loopback port in a temporary directory, runs wrk and harness alternately ROUNDS times each, prints
# every figure, and stops nginx.
#
#   load-generator/scripts/compare-wrk.sh [ROUNDS=2] [DURATION=10]
#
# Needs: nginx (Debian: nginx-light), wrk, a built harness-cli/target/harness.jar, a JDK 21+ in
# JAVA_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64).
set -eu
ROUNDS=${1:-2}
DURATION=${2:-10}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$HERE/harness-cli/target/harness.jar"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not found: apt-get install -y nginx-light" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: mvn -DskipTests package first" >&2; exit 2; }

DIR=$(mktemp -d /tmp/compare-wrk.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$DIR/logs"
cat > "$DIR/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DIR/body;
  proxy_temp_path $DIR/proxy;
  fastcgi_temp_path $DIR/fastcgi;
  uwsgi_temp_path $DIR/uwsgi;
  scgi_temp_path $DIR/scgi;
  server {
    listen 127.0.0.1:$PORT;
    location /echo { default_type text/plain; return 200 "hello\n"; }
  }
}
CONF
"$NGINX" -c "$DIR/nginx.conf" -p "$DIR" &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/echo" >/dev/null 2>&1 && break; sleep 0.1; done
echo "nginx on 127.0.0.1:$PORT (pid $NGINX_PID, 1 worker); $(nproc) cores; $ROUNDS rounds of ${DURATION}s"

WRK_CMD="wrk -t1 -c100 -d${DURATION}s --latency http://127.0.0.1:$PORT/echo"
HARNESS_CMD="$JAVA_HOME/bin/java -jar $JAR load --target 127.0.0.1:$PORT --protocol http --workload echo --threads 1 --connections 100 --duration ${DURATION}s --warmup 2s --quiet"
echo "wrk:     $WRK_CMD"
echo "harness: $HARNESS_CMD --out DIR"
for r in $(seq "$ROUNDS"); do
  W=$($WRK_CMD)
  WRPS=$(echo "$W" | awk '/Requests\/sec/ {print $2}')
  WP50=$(echo "$W" | awk '$1=="50%" {print $2}')
  echo "round $r  wrk      rps $WRPS  p50 $WP50"
  OUT="$DIR/harness-$r"
  $HARNESS_CMD --out "$OUT" >/dev/null
  python3 - "$OUT/summary.json" "$r" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
g = s["generator"]
print(f"round {sys.argv[2]}  harness  rps {s['throughput_rps']:.2f}  p50 {s['latency_us']['p50']:.0f}us  p99 {s['latency_us']['p99']:.0f}us"
      f"  errors {s['requests']['errors']}  reconnects {s['connections']['reconnects']}"
      f"  lost {s['requests']['lost_by_kind']}  partial {s['partial']}  cpu/req {g['cpu_us_per_request']}us  ctxsw/req {g['ctx_switches_per_request']}  saturated {g['saturated']}")
PY
done
