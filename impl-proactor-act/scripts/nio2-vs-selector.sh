#!/usr/bin/env bash
# The measurement that chose how the Proactor produces completions: NIO.2 asynchronous channels
# (Nio2EchoPrototype, an AsynchronousChannelGroup of LOOPS threads) against the Selector-based
# emulation (the proactor-act server with --loops LOOPS), both on HTTP GET /echo through the same
# codecs and services, alternating, ROUNDS times each, measured by scripts/wrk-measure.sh (3 s warm-up,
# `wrk -t1 -c100 -d10s`, the server's context switches, CPU and system calls per request read while every
# connection is alive).
#
#   impl-proactor-act/scripts/nio2-vs-selector.sh [ROUNDS] [LOOPS]
#
# Needs the packaged jar and the test classes:
#   mvn -q -DskipTests package && mvn -q -pl impl-proactor-act -am test-compile
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2} loops=${2:-2}
java=${HARNESS_JAVA:-java}
"$java" -version 2>&1 | grep -q 'version "2[1-9]\|version "[3-9][0-9]' \
  || { echo "nio2-vs-selector: set HARNESS_JAVA to a JDK 21+ java (the one ./harness uses)" >&2; exit 2; }
. scripts/wrk-measure.sh
wrk_header
for _ in $(seq 1 "$rounds"); do
  wrk_measure "nio2 ($loops threads)" 10 100 "$java" -cp service-api/target/classes:impl-proactor-act/target/test-classes \
    dev.harness.proactor.prototype.Nio2EchoPrototype 0 "$loops"
  wrk_measure "selector ($loops loops)" 10 100 "$java" -jar harness-cli/target/harness.jar serve --server proactor-act \
    --port 0 --loops "$loops"
done
wrk_footer
