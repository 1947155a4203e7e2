package dev.harness.cli.measure;

import java.util.List;
import java.util.Map;

/**
 * The server under test as a cell reports it: the {@code server} object of summary.json
 * ({@code results/README.md} describes each field). Over tcp the server runs in a JVM of its own and its
 * costs are the whole process's; over mem it shares a JVM with the generator and its costs are its thread
 * group's; a server that never ran has a name only.
 */
public sealed interface ServerReport {

    /** The server model's name. */
    String name();

    /** The server's context switches in the window per request; null when unknown. */
    Double ctxSwitchesPerRequest();

    /** The server's CPU µs in the window per request; null when unknown. */
    Double cpuMicrosPerRequest();

    /** The server's threads at the end of the window; null when unknown. */
    Integer threads();

    /** What the server held while the connections were idle; null when they were not held, or it was not read. */
    IdleMemory memory();

    /**
     * The threads of its pool for {@code Session.blocking} ({@link BlockingPoolThreads}) at the window's end: 0 for a
     * server without one; null when unread.
     */
    Integer blockingPoolThreads();

    /** How long its event loops were blocked in the window; null for a model without loops, or when unread. */
    default LoopBlockedTime loopBlocking() {
        return null;
    }

    /** The {@code server} object. */
    Map<String, Object> toJson();

    /** The record one of {@link #toJson()}'s variants wrote, told by its {@code transport}. */
    static ServerReport fromJson(JsonFields json) {
        String transport = json.text("transport");
        if ("tcp".equals(transport)) {
            return new OverTcp(json.text("name"), json.whole("pid"), json.texts("jvm_flags"), WindowCosts.fromJson(json),
                    json.has("memory"), IdleMemory.fromJson(json.object("memory")),
                    LoopBlockedTime.fromJson(json.object("loop_blocking")), json.integer("blocking_pool_threads"));
        }
        if ("mem".equals(transport)) {
            return new OverMem(json.text("name"), json.whole("pid"), json.texts("jvm_flags"),
                    ThreadGroupCosts.fromJson(json.object("thread_groups")), json.has("memory"),
                    IdleMemory.fromJson(json.object("memory")), json.text("heap"),
                    LoopBlockedTime.fromJson(json.object("loop_blocking")), json.integer("blocking_pool_threads"));
        }
        return new Unstarted(json.text("name"));
    }

    /** {@code server} with its {@code memory} object when the connections were {@code held}, null when unread. */
    private static Map<String, Object> withMemory(Map<String, Object> server, boolean held, IdleMemory memory) {
        if (held) {
            server.put("memory", memory == null ? null : memory.toJson());
        }
        return server;
    }

    /**
     * A server in a JVM of its own, driven over tcp.
     *
     * @param pid      its process
     * @param jvmFlags its JVM's flags
     * @param costs    its costs over the window; null when the window's end could not be read
     * @param held     true when its connections were held idle and its memory read ({@code memory} is then
     *                written, null when the reading failed)
     * @param memory   what it held
     * @param loopBlocking how long its event loops were blocked in the window; null without loops or unread
     * @param blockingPoolThreads its pool's threads for {@code Session.blocking} at the window's end; null when unread
     */
    record OverTcp(String name, long pid, List<String> jvmFlags, WindowCosts costs, boolean held, IdleMemory memory,
                   LoopBlockedTime loopBlocking, Integer blockingPoolThreads) implements ServerReport {

        public OverTcp {
            jvmFlags = List.copyOf(jvmFlags);
        }

        @Override
        public Double ctxSwitchesPerRequest() {
            return costs == null ? null : costs.ctxSwitchesPerRequest();
        }

        @Override
        public Double cpuMicrosPerRequest() {
            return costs == null ? null : costs.cpuMicrosPerRequest();
        }

        @Override
        public Integer threads() {
            return costs == null ? null : costs.threads();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = JsonFields.objectOf("name", name, "transport", "tcp", "pid", pid, "jvm_flags", jvmFlags);
            if (costs != null) {
                costs.putInto(json);
            } else {
                json.put("probes", null);
            }
            if (loopBlocking != null) {
                json.put("loop_blocking", loopBlocking.toJson());
            }
            if (blockingPoolThreads != null) {
                json.put("blocking_pool_threads", blockingPoolThreads);
            }
            return withMemory(json, held, memory);
        }
    }

    /**
     * A server in the JVM that also runs the generator, over mem.
     *
     * @param pid          that JVM's process
     * @param jvmFlags     that JVM's flags
     * @param threadGroups that JVM's costs over the window per thread group; null when the window was not read
     * @param held         true when the connections were held idle ({@code memory} is then written, null when
     *                    the hold did not finish)
     * @param memory       what the server held
     * @param heap         that JVM's {@code -Xmx} and how it was chosen, when a comparison run chose it; else null
     * @param loopBlocking how long the server's event loops were blocked in the window; null without loops
     * @param blockingPoolThreads the server's pool threads for {@code Session.blocking} at the window's end; null
     *                    when unread
     */
    record OverMem(String name, long pid, List<String> jvmFlags, ThreadGroupCosts threadGroups, boolean held,
                   IdleMemory memory, String heap, LoopBlockedTime loopBlocking, Integer blockingPoolThreads)
            implements ServerReport {

        public OverMem {
            jvmFlags = List.copyOf(jvmFlags);
        }

        /** This report with the cell JVM's heap, as the run chose it. */
        public OverMem withHeap(String chosen) {
            return new OverMem(name, pid, jvmFlags, threadGroups, held, memory, chosen, loopBlocking, blockingPoolThreads);
        }

        @Override
        public Double ctxSwitchesPerRequest() {
            return threadGroups == null ? null : threadGroups.server().ctxSwitchesPerRequest();
        }

        @Override
        public Double cpuMicrosPerRequest() {
            return threadGroups == null ? null : threadGroups.server().cpuMicrosPerRequest();
        }

        @Override
        public Integer threads() {
            return threadGroups == null ? null : threadGroups.server().threads();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = JsonFields.objectOf("name", name, "transport", "mem", "in_process", true, "pid", pid,
                    "jvm_flags", jvmFlags);
            if (threadGroups != null) {
                json.putAll(JsonFields.objectOf("ctx_switches_per_request", ctxSwitchesPerRequest(), "cpu_us_per_request",
                        cpuMicrosPerRequest(), "threads", threads(), "thread_groups", threadGroups.toJson()));
            } else {
                json.put("thread_groups", null);
            }
            withMemory(json, held, memory);
            if (heap != null) {
                json.put("heap", heap);
            }
            if (loopBlocking != null) {
                json.put("loop_blocking", loopBlocking.toJson());
            }
            if (blockingPoolThreads != null) {
                json.put("blocking_pool_threads", blockingPoolThreads);
            }
            return json;
        }
    }

    /** A server that did not run: its cell failed before it started, or its JVM left no summary. */
    record Unstarted(String name) implements ServerReport {

        @Override
        public Double ctxSwitchesPerRequest() {
            return null;
        }

        @Override
        public Double cpuMicrosPerRequest() {
            return null;
        }

        @Override
        public Integer threads() {
            return null;
        }

        @Override
        public IdleMemory memory() {
            return null;
        }

        @Override
        public Integer blockingPoolThreads() {
            return null;
        }

        @Override
        public Map<String, Object> toJson() {
            return JsonFields.objectOf("name", name);
        }
    }
}
