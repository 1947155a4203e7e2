package dev.harness.load.engine;

import java.util.SplittableRandom;

/**
 * The intended send times of an open-loop run, fixed before any answer is seen: a request's latency is
 * measured from its intended time whatever happens to the server.
 *
 * <p>{@link #uniform} gives request {@code j} of the whole run the time {@code j / rate}; with {@code T}
 * I/O threads, thread {@code t} takes {@code j = t, t + T, t + 2T, ...}, so together they form one uniform
 * schedule. {@link #poisson} draws exponential gaps at {@code rate} from a seeded RNG; independent Poisson
 * processes of rate {@code R/T} sum to one of rate {@code R}. Times are offsets in nanoseconds from the
 * start of the run, computed from the index (uniform) so that no rounding error accumulates.
 */
public abstract sealed class ArrivalSchedule {

    /** The intended offset of the next request, in nanoseconds from the start; non-decreasing. */
    public abstract long nextOffsetNanos();

    public static ArrivalSchedule uniform(double totalRatePerSecond, int stride, int first) {
        return new Uniform(totalRatePerSecond, stride, first);
    }

    public static ArrivalSchedule poisson(double ratePerSecond, long seed) {
        return new Poisson(ratePerSecond, seed);
    }

    private static final class Uniform extends ArrivalSchedule {
        private final double nanosPerRequest;
        private final int stride;
        private long index;

        Uniform(double rate, int stride, int first) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0, got " + rate);
            }
            this.nanosPerRequest = 1e9 / rate;
            this.stride = stride;
            this.index = first;
        }

        @Override
        public long nextOffsetNanos() {
            long offset = (long) (index * nanosPerRequest);
            index += stride;
            return offset;
        }
    }

    private static final class Poisson extends ArrivalSchedule {
        private final double meanGapNanos;
        private final SplittableRandom random;
        private double offset;

        Poisson(double rate, long seed) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0, got " + rate);
            }
            this.meanGapNanos = 1e9 / rate;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public long nextOffsetNanos() {
            offset += -Math.log(1.0 - random.nextDouble()) * meanGapNanos;
            return (long) offset;
        }
    }
}
