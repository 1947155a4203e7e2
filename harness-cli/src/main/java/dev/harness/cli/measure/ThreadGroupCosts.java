package dev.harness.cli.measure;

import dev.harness.cli.measure.ThreadGroups.Group;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The costs of this JVM's threads over a measurement window, per {@link Group}: the {@code thread_groups}
 * object of a mem cell's summary.json, read by {@link ThreadGroups#since}.
 *
 * @param server    the server's threads
 * @param generator the generator's threads
 * @param jvm       the JVM's own threads
 */
public record ThreadGroupCosts(PerGroup server, PerGroup generator, PerGroup jvm) {

    /**
     * One group's costs.
     *
     * @param threads               its threads at the end of the window
     * @param cpuMillis             their CPU time in the window
     * @param ctxSwitches           their context switches in the window
     * @param cpuMicrosPerRequest   CPU µs per request; null without requests
     * @param ctxSwitchesPerRequest context switches per request; null without requests
     */
    public record PerGroup(int threads, double cpuMillis, long ctxSwitches, Double cpuMicrosPerRequest,
                           Double ctxSwitchesPerRequest) {

        Map<String, Object> toJson() {
            return JsonFields.objectOf("threads", threads, "cpu_ms", cpuMillis, "ctx_switches", ctxSwitches,
                    "cpu_us_per_request", cpuMicrosPerRequest, "ctx_switches_per_request", ctxSwitchesPerRequest);
        }

        static PerGroup fromJson(JsonFields json) {
            return new PerGroup(json.integer("threads"), json.number("cpu_ms"), json.whole("ctx_switches"),
                    json.number("cpu_us_per_request"), json.number("ctx_switches_per_request"));
        }
    }

    public PerGroup get(Group group) {
        return switch (group) {
            case SERVER -> server;
            case GENERATOR -> generator;
            case JVM -> jvm;
        };
    }

    /** The {@code thread_groups} object: one object per group, in {@link Group}'s order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Group group : Group.values()) {
            json.put(group.jsonName(), get(group).toJson());
        }
        return json;
    }

    /** The record {@link #toJson()} wrote; null for a null object. */
    public static ThreadGroupCosts fromJson(JsonFields json) {
        return json == null ? null : new ThreadGroupCosts(PerGroup.fromJson(json.object(Group.SERVER.jsonName())),
                PerGroup.fromJson(json.object(Group.GENERATOR.jsonName())), PerGroup.fromJson(json.object(Group.JVM.jsonName())));
    }
}
