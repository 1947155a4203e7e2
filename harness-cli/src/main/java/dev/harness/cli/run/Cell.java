package dev.harness.cli.run;

import java.util.Map;

/**
 * The outcome of one server × scenario: the summary written to its folder (the generator's summary with
 * a {@code server} object), and whether it completed.
 *
 * @param server   the server's name
 * @param scenario the scenario
 * @param status   {@code ok}, {@code partial} (stopped early: Ctrl-C, time limit) or {@code failed}
 * @param reason   why it is not ok, or null
 * @param cause    why it failed, classified; null unless failed
 * @param summary  the content of its summary.json
 */
public record Cell(String server, Scenario scenario, String status, String reason, FailureCause cause,
                   Map<String, Object> summary) {

    public boolean ok() {
        return status.equals("ok");
    }

    /** A number from the summary by its path, e.g. {@code "latency_us", "p99"}; null when absent. */
    public Double number(String... path) {
        return number(summary, path);
    }

    /** A number from {@code map} by its path; null when absent or not a number. */
    static Double number(Map<String, Object> map, String... path) {
        Object value = map;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> m)) {
                return null;
            }
            value = m.get(key);
        }
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
