package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import java.util.List;

/**
 * The figures of the generator's summary that a comparison run judges and reports, read from it by name
 * ({@code results/README.md}); a figure the summary lacks is null. The summary itself is the generator's
 * document and is written back as it came.
 *
 * @param requestsPerSecond            answers per second in the window
 * @param latencyP50Micros             latency's median, µs
 * @param latencyP99Micros             its 99th percentile
 * @param latencyP999Micros            its 99.9th percentile
 * @param latencyMaxMicros             its maximum
 * @param completed                    requests answered
 * @param errors                       requests that failed
 * @param refused                      requests failed with ERROR under act 0 (a refused connection)
 * @param timeouts                     requests answered too late
 * @param unfinished                   requests still unanswered at the end
 * @param outOfOrder                   binary answers that overtook an earlier request on their connection
 * @param opened                       connections opened
 * @param connectAllMillis             the time to open them all
 * @param used                         connections that carried a request
 * @param closedByPeer                 connection closes by the server (each close of a reconnected connection counts)
 * @param generatorCpuMicrosPerRequest the generator's own CPU µs per request
 * @param generatorSaturated           whether the generator, not the server, was the bottleneck
 * @param sourceAddresses              the local addresses the connections were spread over
 * @param machineCpuBusy               how busy the whole machine's cores were over the window, 0 to 1; null
 *                                     when not read
 * @param machineCores                 the machine's cores online; null when not read
 * @param partial                      whether the load stopped early
 * @param stopReason                   why it stopped early; null when it did not
 * @param overloaded                   whether the load's {@code status} is overloaded (false in results written
 *                                     before it had one)
 * @param statusReasons                why it is overloaded; empty when it is not
 * @param reconnects                   closes after which the generator opened the connection again; null
 *                                     from a generator that did not reconnect
 */
record LoadFigures(Double requestsPerSecond, Double latencyP50Micros, Double latencyP99Micros, Double latencyP999Micros,
                   Double latencyMaxMicros, Double completed, Double errors, Double refused, Double timeouts, Double unfinished,
                   Double outOfOrder, Double opened, Double connectAllMillis, Double used, Double closedByPeer,
                   Double generatorCpuMicrosPerRequest, boolean generatorSaturated, List<String> sourceAddresses,
                   Double machineCpuBusy, Double machineCores, boolean partial, String stopReason,
                   boolean overloaded, List<String> statusReasons, Double reconnects) {

    static LoadFigures of(JsonFields summary) {
        JsonFields generator = summary.object("generator");
        JsonFields config = summary.object("config");
        return new LoadFigures(summary.number("throughput_rps"), summary.number("latency_us", "p50"),
                summary.number("latency_us", "p99"), summary.number("latency_us", "p999"), summary.number("latency_us", "max"),
                summary.number("requests", "completed"), summary.number("requests", "errors"),
                summary.number("requests", "errors_by_kind", "connection_error"), summary.number("requests", "timeouts"),
                summary.number("requests", "unfinished"), summary.number("requests", "out_of_order"),
                summary.number("connections", "opened"), summary.number("connections", "connect_all_ms"),
                summary.number("connections", "used"), summary.number("connections", "closed_by_peer"),
                summary.number("generator", "cpu_us_per_request"),
                generator != null && Boolean.TRUE.equals(generator.flag("saturated")),
                config == null ? List.of() : config.texts("source_addresses"),
                summary.number("machine", "cpu_busy"), summary.number("machine", "cores"),
                Boolean.TRUE.equals(summary.flag("partial")), summary.text("stop_reason"),
                "overloaded".equals(summary.text("status")), summary.texts("status_reasons"),
                summary.number("connections", "reconnects"));
    }
}
