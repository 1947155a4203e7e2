package dev.harness.load;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One generator's part of a load that {@code of} generators run together ({@code harness load --index I --of N}):
 * the load's totals (connections, rate, source addresses) are the whole run's, and generator {@code index}
 * takes its share of each, so that N generators started at one instant ({@code --start-at}) are one load.
 *
 * <p>Connections: {@code total / of}, the first {@code total % of} generators one more. Source addresses:
 * every {@code of}-th from {@code index} when there are at least {@code of}, else the one at {@code index
 * modulo their number} (generators on different machines may share an address). Rate: the open-loop schedule
 * is cut into {@code threads × of} lanes, one per I/O thread of every generator ({@link #lane}, {@link #lanes}):
 * the uniform schedule gives lane {@code l} requests {@code l, l + lanes, ...} of the whole run, and the
 * Poisson one a process at {@code rate / lanes} seeded by the lane, so the lanes of all generators add up
 * to one schedule at the full rate. That holds when every generator runs the same {@code --threads}.
 *
 * @param index this generator, from 0
 * @param of    the generators sharing the load, at least 1
 */
public record Share(int index, int of) {

    /** The whole load in one generator. */
    public static final Share WHOLE = new Share(0, 1);

    public Share {
        if (of < 1 || index < 0 || index >= of) {
            throw new IllegalArgumentException("--index must be from 0 to --of minus 1 (" + (of - 1) + "), got " + index);
        }
    }

    /** This generator's connections out of {@code total}. */
    public int connectionsOf(int total) {
        return total / of + (index < total % of ? 1 : 0);
    }

    /** This generator's source addresses out of {@code all}; empty when {@code all} is. */
    public List<InetAddress> addressesOf(List<InetAddress> all) {
        if (all.isEmpty() || of == 1) {
            return all;
        }
        if (all.size() < of) {
            return List.of(all.get(index % all.size()));
        }
        List<InetAddress> mine = new ArrayList<>();
        for (int i = index; i < all.size(); i += of) {
            mine.add(all.get(i));
        }
        return List.copyOf(mine);
    }

    /** The schedule lane of this generator's I/O thread {@code thread}. */
    public int lane(int thread) {
        return thread * of + index;
    }

    /** The lanes of the whole run when every generator has {@code threads} I/O threads. */
    public int lanes(int threads) {
        return threads * of;
    }
}
