package dev.harness.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a run's figures describe a server that kept up with the load: the {@code status} and
 * {@code status_reasons} of summary.json. A run is <em>overloaded</em> when more than
 * {@link #UNANSWERED_SHARE} of its intended requests went unanswered (their latency is then censored, a lower
 * bound), or, in open loop, when the generator was saturated (its schedule fell behind or its I/O threads ran
 * out of CPU: the offered rate was not the one asked for). A closed loop runs as fast as server and generator
 * allow together, so a busy generator is the regime it measures, reported as a warning, not as overload.
 *
 * @param overloaded true when at least one reason holds
 * @param reasons    why, one sentence each; empty when ok
 */
public record LoadStatus(boolean overloaded, List<String> reasons) {

    /** The share of intended requests that may go unanswered in a run that kept up: 0.1 %. */
    public static final double UNANSWERED_SHARE = 0.001;

    public LoadStatus {
        reasons = List.copyOf(reasons);
    }

    /** The status of {@code result}. */
    static LoadStatus of(LoadResult result) {
        List<String> reasons = new ArrayList<>();
        long intended = result.intended();
        long unanswered = result.unanswered();
        if (intended > 0 && unanswered > UNANSWERED_SHARE * intended) {
            var c = result.counters();
            reasons.add(String.format("%,d of %,d intended requests (%.1f%%) were never answered, over %.1f%%: dropped %,d, "
                            + "unfinished %,d, timed out %,d, failed or lost %,d", unanswered, intended,
                    100.0 * unanswered / intended, 100 * UNANSWERED_SHARE, c.dropped, c.unfinished, c.timeouts,
                    unanswered - c.dropped - c.unfinished - c.timeouts));
        }
        if (result.config().openLoop()) {
            for (String saturation : result.saturationReasons()) {
                reasons.add("generator saturated: " + saturation);
            }
        }
        return new LoadStatus(!reasons.isEmpty(), reasons);
    }
}
