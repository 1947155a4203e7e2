package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.ServerReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cell's {@code summary.json} holds before its {@code cell} object ({@link Verdict}): a load that ran
 * ({@link Measured}), a server that never did ({@link NotRun}), a breaking-point climb
 * ({@link BreakingPoint.Summary}), or the repeats of a cell ({@link Repeats.Aggregate}). Each writes its JSON and reads it back ({@code fromJson}) side by side.
 */
sealed interface CellSummary permits CellSummary.Measured, CellSummary.NotRun, BreakingPoint.Summary, Repeats.Aggregate {

    /** The summary, in file order. */
    Map<String, Object> toJson();

    /**
     * A load that ran: the generator's summary, then the server's {@code server} object.
     *
     * @param load    the generator's summary, as the generator wrote it (its document: read only through
     *                {@code figures})
     * @param figures what the run reads of it
     * @param server  the server under test
     */
    record Measured(Map<String, Object> load, LoadFigures figures, ServerReport server) implements CellSummary {

        public Measured {
            load = new LinkedHashMap<>(load);
        }

        /** The summary of {@code load}, the generator's, with {@code server}. */
        static Measured of(Map<String, Object> load, ServerReport server) {
            return new Measured(load, LoadFigures.of(new JsonFields(load)), server);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>(load);
            json.put("server", server.toJson());
            return json;
        }

        /** The summary {@link #toJson()} wrote (its {@code cell} object, if any, left out). */
        static Measured fromJson(JsonFields json) {
            Map<String, Object> load = new LinkedHashMap<>(json.map());
            load.remove("server");
            load.remove("cell");
            return of(load, ServerReport.fromJson(json.object("server")));
        }
    }

    /**
     * A cell whose server never ran, or whose JVM left no summary: its name, marked partial.
     *
     * @param server the server under test
     */
    record NotRun(ServerReport.Unstarted server) implements CellSummary {

        @Override
        public Map<String, Object> toJson() {
            return JsonFields.objectOf("server", server.toJson(), "partial", true);
        }
    }
}
