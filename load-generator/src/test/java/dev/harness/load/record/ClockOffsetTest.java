package dev.harness.load.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One SNTP exchange reads a clock that runs ahead by a known amount; a silent server leaves the offset unknown. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClockOffsetTest {

    private static final long AHEAD_MILLIS = 5_000;

    @Test
    void readsTheOffsetOfAServerWhoseClockRunsAhead() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().name("sntp-fake").start(() -> {
                try {
                    byte[] buffer = new byte[48];
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    server.receive(request);
                    ByteBuffer reply = ByteBuffer.allocate(48);
                    reply.put(0, (byte) 0x24);
                    long now = ClockOffset.toNtp(System.currentTimeMillis() + AHEAD_MILLIS);
                    reply.putLong(32, now);
                    reply.putLong(40, now);
                    server.send(new DatagramPacket(reply.array(), 48, request.getSocketAddress()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ClockOffset offset = ClockOffset.sntp(new InetSocketAddress("127.0.0.1", server.getLocalPort()),
                    Duration.ofSeconds(5));
            answer.join();
            assertTrue(offset.known(), offset.source());
            assertEquals(AHEAD_MILLIS, offset.offsetMillis(), offset.roundTripMillis() / 2 + 1, offset.toString());
            assertTrue(offset.source().startsWith("sntp 127.0.0.1:"), offset.source());
        }
    }

    @Test
    void aServerThatDoesNotAnswerLeavesTheOffsetUnknown() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ClockOffset offset = ClockOffset.sntp(new InetSocketAddress("127.0.0.1", silent.getLocalPort()),
                    Duration.ofMillis(200));
            assertFalse(offset.known());
            assertNull(offset.toJson().get("offset_ms"));
            assertTrue(offset.source().contains("no answer within 200 ms"), offset.source());
        }
    }

    @Test
    void ntpTimestampsRoundTrip() {
        long millis = 1_764_926_400_123L;
        assertEquals(millis, ClockOffset.fromNtp(ClockOffset.toNtp(millis)), 0.001);
    }
}
