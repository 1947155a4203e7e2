package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harness.load.engine.ArrivalSchedule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shares of N generators add up to the whole load: every connection, address and intended request once. */
class ShareTest {

    @Test
    void connectionsAddUpToTheTotal() {
        for (int of = 1; of <= 7; of++) {
            int sum = 0;
            for (int i = 0; i < of; i++) {
                sum += new Share(i, of).connectionsOf(1_000_003);
            }
            assertEquals(1_000_003, sum, "of " + of);
        }
    }

    @Test
    void addressesArePartitionedWhenThereAreEnough() throws Exception {
        List<InetAddress> all = new ArrayList<>();
        for (int a = 1; a <= 5; a++) {
            all.add(InetAddress.getByName("10.0.0." + a));
        }
        List<InetAddress> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            seen.addAll(new Share(i, 2).addressesOf(all));
        }
        assertEquals(new TreeSet<>(all.stream().map(InetAddress::getHostAddress).toList()),
                new TreeSet<>(seen.stream().map(InetAddress::getHostAddress).toList()));
        assertEquals(all.size(), seen.size(), "each address to one generator");
        assertEquals(List.of(all.get(1)), new Share(6, 8).addressesOf(all), "fewer addresses than generators: one each");
    }

    @Test
    void theLanesOfAllGeneratorsAreOneUniformSchedule() {
        int of = 3;
        int threads = 2;
        double rate = 1000;
        TreeSet<Long> offsets = new TreeSet<>();
        for (int i = 0; i < of; i++) {
            Share share = new Share(i, of);
            for (int t = 0; t < threads; t++) {
                ArrivalSchedule lane = ArrivalSchedule.uniform(rate, share.lanes(threads), share.lane(t));
                for (int k = 0; k < 100; k++) {
                    offsets.add(lane.nextOffsetNanos());
                }
            }
        }
        ArrivalSchedule whole = ArrivalSchedule.uniform(rate, 1, 0);
        for (long offset : offsets) {
            assertEquals(whole.nextOffsetNanos(), offset, "the merged lanes are the schedule of one generator");
        }
        assertEquals(of * threads * 100, offsets.size());
    }

    @Test
    void anIndexOutsideTheGeneratorsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Share(3, 3));
        assertEquals("--index must be from 0 to --of minus 1 (2), got 3", e.getMessage());
    }
}
