#!/usr/bin/env bash
# Prints, with JOL, what the engine keeps per connection: the layout of a Connection (every connection has
# one, idle or not) and the footprint of a one-slot PendingRequests (a connection's ACT table, made at its
# first request). Reads the compiled classes of this checkout.
#
#   ./mvnw -q -o compile -pl load-generator -am && load-generator/scripts/object-sizes.sh
#
# Needs: a JDK 21+ in JAVA_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64) and org.openjdk.jol:jol-core
# (default ~/.m2/repository/org/openjdk/jol/jol-core/0.17/jol-core-0.17.jar; JOL=path/to/jar for another).
set -eu
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
JOL=${JOL:-$HOME/.m2/repository/org/openjdk/jol/jol-core/0.17/jol-core-0.17.jar}
[ -f "$JOL" ] || { echo "no $JOL: set JOL to a jol-core jar" >&2; exit 2; }
[ -d "$HERE/load-generator/target/classes/dev" ] || { echo "no compiled classes: ./mvnw -q -o compile -pl load-generator -am" >&2; exit 2; }
CP="$JOL:$(ls -d "$HERE"/*/target/classes | paste -sd:)"
"$JAVA_HOME/bin/jshell" -R-Djdk.attach.allowAttachSelf=true -R-XX:+EnableDynamicAgentLoading --class-path "$CP" - <<'JSH'
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;
System.out.println(ClassLayout.parseClass(Class.forName("dev.harness.load.engine.Connection")).toPrintable());
System.out.println(GraphLayout.parseInstance(new dev.harness.load.engine.PendingRequests(1)).toFootprint());
/exit
JSH
