# shellcheck shell=bash
# Sourced by scripts/wrk-measure.sh and scripts/server-under-load.sh: the JVM flags of a server that a script
# measures, $SCRIPT_SERVER_JVM_FLAGS (default below; set it to compare others).
#
# The heap is fixed and touched when the JVM starts, so that no server first-touches its heap inside the
# measured window. With a heap that starts small and grows, a server that allocates little (ours: about
# 350 bytes per echo, against Helidon's 3.5 KB) was still touching fresh eden pages after a 3 s warm-up, in
# bursts of some 16,000 page faults per 2 s, about 6 % of its CPU in a profile of the window, and a different
# amount in each round (docs/peers-profile.md). Touching 2 GiB takes about 5 s at the JVM's start here.
SCRIPT_SERVER_JVM_FLAGS=${SCRIPT_SERVER_JVM_FLAGS:--Xms2g -Xmx2g -XX:+UseG1GC -XX:+AlwaysPreTouch}
