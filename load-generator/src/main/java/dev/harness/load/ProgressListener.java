package dev.harness.load;

/** Receives a progress report about once a second while a run goes on (from the {@code load-log} thread). */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);

    /**
     * @param phase            "connect", "idle" (the idle hold), "warmup", "measure" or "drain"
     * @param elapsedNanos     since warmup started (0 before)
     * @param totalNanos       warmup + duration
     * @param ratePerSecond    answers per second in the last interval (measured requests only)
     * @param p99Micros        latency p99 of the measurement so far
     * @param errors           errors so far, all kinds, timeouts included
     * @param connections      connections open: established so far while connecting, then those not closed
     */
    record Progress(String phase, long elapsedNanos, long totalNanos, double ratePerSecond, double p99Micros,
                    long errors, long connections) {

        /** The one-line form printed on stderr. */
        public String line() {
            if (phase.equals("connect") || phase.equals("idle")) {
                return String.format("[%s] %,d connections open", phase, connections);
            }
            return String.format("[%s] %5.1fs/%.1fs  %,10.0f req/s  p99 %,10.0f us  errors %d",
                    phase, elapsedNanos / 1e9, totalNanos / 1e9, ratePerSecond, p99Micros, errors);
        }
    }
}
