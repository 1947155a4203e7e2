package dev.harness.load.record;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far this machine's wall clock lies from a reference clock, read once before the load: what
 * {@code --start-at} is worth across machines, since each generator starts at the instant its own clock names.
 * Read with one SNTP exchange (RFC 4330) with the server {@code --clock-server} names:
 * {@code offset = ((T2 - T1) + (T3 - T4)) / 2}, exact to within half the round trip, which is kept beside it.
 * Without a server, or when it does not answer, the offset is unknown and says why; nothing is guessed.
 *
 * @param offsetMillis    the reference clock minus this one, milliseconds; null when unknown
 * @param roundTripMillis the exchange's round trip (the offset's uncertainty is half of it); null when unknown
 * @param source          where the offset comes from, or why it is unknown
 */
public record ClockOffset(Double offsetMillis, Double roundTripMillis, String source) {

    /** Seconds from 1900-01-01 (NTP's era 0) to 1970-01-01. */
    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    private static final int PACKET_BYTES = 48;
    /** Leap indicator 0, version 4, mode 3 (client). */
    private static final byte CLIENT_HEADER = 0x23;

    /** The offset is unknown, for {@code why}. */
    public static ClockOffset unknown(String why) {
        return new ClockOffset(null, null, why);
    }

    public boolean known() {
        return offsetMillis != null;
    }

    /** The offset from one SNTP exchange with {@code server}, or unknown (saying why) when it fails. */
    public static ClockOffset sntp(InetSocketAddress server, Duration timeout) {
        String name = "sntp " + server.getHostString() + ":" + server.getPort();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            InetSocketAddress resolved = new InetSocketAddress(server.getHostString(), server.getPort());
            if (resolved.isUnresolved()) {
                return unknown(name + ": cannot resolve the host");
            }
            byte[] request = new byte[PACKET_BYTES];
            request[0] = CLIENT_HEADER;
            long t1 = System.currentTimeMillis();
            ByteBuffer.wrap(request).putLong(40, toNtp(t1));
            socket.send(new DatagramPacket(request, PACKET_BYTES, resolved));
            byte[] reply = new byte[PACKET_BYTES];
            DatagramPacket packet = new DatagramPacket(reply, PACKET_BYTES);
            socket.receive(packet);
            long t4 = System.currentTimeMillis();
            if (packet.getLength() < PACKET_BYTES) {
                return unknown(name + ": a reply of " + packet.getLength() + " bytes, not " + PACKET_BYTES);
            }
            ByteBuffer answer = ByteBuffer.wrap(reply);
            double t2 = fromNtp(answer.getLong(32));
            double t3 = fromNtp(answer.getLong(40));
            double offset = ((t2 - t1) + (t3 - t4)) / 2;
            double roundTrip = (t4 - t1) - (t3 - t2);
            return new ClockOffset(offset, roundTrip, name);
        } catch (SocketTimeoutException e) {
            return unknown(name + ": no answer within " + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            return unknown(name + ": " + e.getMessage());
        }
    }

    /** An NTP timestamp (seconds since 1900 in the high 32 bits, their fraction in the low 32) of a Unix time. */
    static long toNtp(long unixMillis) {
        long seconds = Math.floorDiv(unixMillis, 1000) + NTP_TO_UNIX_SECONDS;
        long fraction = ((long) Math.floorMod(unixMillis, 1000) << 32) / 1000;
        return seconds << 32 | fraction;
    }

    /** The Unix time, in milliseconds with their fraction, of an NTP timestamp. */
    static double fromNtp(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        return (seconds - NTP_TO_UNIX_SECONDS) * 1000.0 + fraction * 1000.0 / (1L << 32);
    }

    /** The {@code offset_ms}, {@code round_trip_ms} and {@code offset_source} of summary.json's {@code clock}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("offset_ms", offsetMillis == null ? null : Math.round(offsetMillis * 1000) / 1000.0);
        json.put("round_trip_ms", roundTripMillis == null ? null : Math.round(roundTripMillis * 1000) / 1000.0);
        json.put("offset_source", source);
        return json;
    }
}
