package dev.harness.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {

    private static final RequestTemplate.Params SPREAD = new RequestTemplate.Params(0, 5, 100, 300, 8, 1, 0);

    @Test
    void aWorkFrameCarriesItsActAndAWaitInTheSpread() {
        RequestTemplate t = RequestTemplate.of(Protocol.ACT, Workload.WORK, SPREAD, "h:1");
        int[] seen = new int[201];
        for (long act = 1; act <= 20_000; act++) {
            ByteBuffer out = ByteBuffer.allocate(64);
            t.writeTo(out, act);
            assertEquals(act, out.getLong(RequestTemplate.ACT_OFFSET));
            assertEquals(5, out.getInt(16), "cpu_us untouched");
            int wait = out.getInt(RequestTemplate.WAIT_OFFSET);
            assertTrue(wait >= 100 && wait <= 300, "wait " + wait);
            seen[wait - 100]++;
            assertEquals(8, out.getInt(24), "reply_bytes untouched");
        }
        for (int i = 0; i <= 200; i++) {
            assertTrue(seen[i] > 50, "every wait from 100 to 300 occurs about 100 times; " + (100 + i) + ": " + seen[i]);
        }
    }

    @Test
    void withoutASpreadTheBytesAreTheTemplatesOwn() {
        RequestTemplate.Params plain = new RequestTemplate.Params(0, 5, 100, 0, 8, 1, 0);
        RequestTemplate t = RequestTemplate.of(Protocol.ACT, Workload.WORK, plain, "h:1");
        ByteBuffer out = ByteBuffer.allocate(64);
        t.writeTo(out, 77);
        assertEquals(100, out.getInt(RequestTemplate.WAIT_OFFSET));
    }
}
