package dev.harness.protocol;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.frame;

import dev.harness.conformance.ActFrames;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Seeded generators of valid request streams, written from docs/protocol.md, with the requests they must decode to. */
final class RandomStreams {

    private RandomStreams() {
    }

    /** A random valid ACT-frame stream; adds the requests it encodes to {@code expected}. */
    static byte[] act(Random rnd, List<Request> expected, int maxPayload) {
        int frames = 1 + rnd.nextInt(20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            long act = rnd.nextInt(4) == 0 ? rnd.nextInt(10) : rnd.nextLong();
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    byte[] data = randomBytes(rnd, rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(Math.min(300, maxPayload)));
                    out.writeBytes(frame(act, Operation.ECHO, data));
                    expected.add(new Request(act, new Operation.Echo(ByteBuffer.wrap(data))));
                }
                case 1 -> {
                    int a = u31(rnd), b = u31(rnd), c = u31(rnd);
                    out.writeBytes(frame(act, Operation.WORK, ActFrames.u32s(a, b, c)));
                    expected.add(new Request(act, new Operation.Work(a, b, c)));
                }
                case 2 -> {
                    int a = u31(rnd), b = u31(rnd), c = u31(rnd);
                    out.writeBytes(frame(act, Operation.SUBSCRIBE, ActFrames.u32s(a, b, c)));
                    expected.add(new Request(act, new Operation.Subscribe(a, b, c)));
                }
                default -> {
                    byte inner = (byte) (1 + rnd.nextInt(4));
                    byte[] data = randomBytes(rnd, rnd.nextInt(Math.min(100, maxPayload)));
                    out.writeBytes(frame(act, Operation.RELAY, concat(new byte[] {inner}, data)));
                    expected.add(new Request(act, new Operation.Relay(inner, ByteBuffer.wrap(data))));
                }
            }
        }
        return out.toByteArray();
    }

    /** A value that is small, at the edges, or anywhere in 0..Integer.MAX_VALUE. */
    static int u31(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> rnd.nextInt(1000);
            case 2 -> Integer.MAX_VALUE - rnd.nextInt(3);
            default -> rnd.nextInt(Integer.MAX_VALUE);
        };
    }

    /**
     * A random valid HTTP request stream; adds the operations it encodes to {@code expected} (404s add
     * nothing). With {@code bodies}, POST requests carry random bodies, which may hold CRLF CRLF.
     */
    static byte[] http(Random rnd, List<Operation> expected, boolean bodies) {
        int requests = 1 + rnd.nextInt(12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < requests; i++) {
            if (rnd.nextInt(6) == 0) {
                out.writeBytes(ascii("\r\n"));
            }
            StringBuilder headers = new StringBuilder();
            if (rnd.nextBoolean()) {
                headers.append("X-ACT: ").append(Long.toHexString(rnd.nextLong())).append("\r\n");
            }
            if (rnd.nextBoolean()) {
                headers.append("Host: h").append(rnd.nextInt(100)).append("\r\n");
            }
            if (rnd.nextInt(4) == 0) {
                headers.append("User-Agent: ").append("z".repeat(rnd.nextInt(200))).append("\r\n");
            }
            byte[] body = new byte[0];
            String line;
            switch (rnd.nextInt(bodies ? 8 : 7)) {
                case 0 -> {
                    line = (rnd.nextBoolean() ? "GET" : "HEAD") + " /echo";
                    expected.add(new Operation.Echo(ByteBuffer.wrap(ascii("hello\n"))));
                }
                case 1 -> {
                    int[] v = {rnd.nextInt(100_000), rnd.nextInt(100_000), rnd.nextInt(100_000)};
                    boolean[] has = {rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()};
                    line = "GET /work" + query(new String[] {"cpu_us", "wait_us", "reply_bytes"}, v, has);
                    expected.add(new Operation.Work(has[0] ? v[0] : 0, has[1] ? v[1] : 0, has[2] ? v[2] : 0));
                }
                case 2 -> {
                    int[] v = {rnd.nextInt(1000), rnd.nextInt(1000), 1 + rnd.nextInt(1000)};
                    boolean[] has = {rnd.nextBoolean(), rnd.nextBoolean(), true};
                    line = "GET /subscribe" + query(new String[] {"count", "interval_us", "event_bytes"}, v, has);
                    expected.add(new Operation.Subscribe(has[0] ? v[0] : 0, has[1] ? v[1] : 0, v[2]));
                }
                case 3 -> {
                    line = "GET /relay/echo";
                    expected.add(new Operation.Relay(Operation.ECHO, ByteBuffer.wrap(ascii("hello\n"))));
                }
                case 4 -> {
                    int[] v = {rnd.nextInt(100), rnd.nextInt(100), rnd.nextInt(100)};
                    boolean[] has = {rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()};
                    line = "GET /relay/work" + query(new String[] {"cpu_us", "wait_us", "reply_bytes"}, v, has);
                    expected.add(new Operation.Relay(Operation.WORK, ByteBuffer.wrap(
                            ActFrames.u32s(has[0] ? v[0] : 0, has[1] ? v[1] : 0, has[2] ? v[2] : 0))));
                }
                case 5 -> {
                    line = "POST /echo";
                    headers.append("Content-Length: 0\r\n");
                    expected.add(new Operation.Echo(ByteBuffer.allocate(0)));
                }
                case 6 -> line = "GET /not-here-" + rnd.nextInt(10);
                default -> {
                    body = randomBodies(rnd);
                    line = "POST " + (rnd.nextBoolean() ? "/echo" : "/relay/echo");
                    headers.append("Content-Length: ").append(body.length).append("\r\n");
                    expected.add(line.endsWith("/relay/echo")
                            ? new Operation.Relay(Operation.ECHO, ByteBuffer.wrap(body))
                            : new Operation.Echo(ByteBuffer.wrap(body)));
                }
            }
            out.writeBytes(ascii(line + " HTTP/1.1\r\n" + headers + "\r\n"));
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] randomBodies(Random rnd) {
        byte[] body = randomBytes(rnd, 1 + rnd.nextInt(200));
        if (rnd.nextBoolean() && body.length >= 4) {
            int at = rnd.nextInt(body.length - 3);
            System.arraycopy(ascii("\r\n\r\n"), 0, body, at, 4);
        }
        return body;
    }

    private static String query(String[] names, int[] values, boolean[] has) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (has[i]) {
                q.append(q.isEmpty() ? "?" : "&").append(names[i]).append('=').append(values[i]);
            }
        }
        return q.toString();
    }

    static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Ascending cut offsets in 0..length, possibly repeated. */
    static int[] cuts(Random rnd, int length) {
        int n = rnd.nextInt(Math.min(12, length + 1) + 1);
        return rnd.ints(n, 0, length + 1).sorted().toArray();
    }

    /** Flips, overwrites, inserts or deletes a few bytes. */
    static byte[] mutate(Random rnd, byte[] valid) {
        byte[] b = valid.clone();
        int mutations = 1 + rnd.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> {
                    byte[] grown = new byte[b.length + 1];
                    System.arraycopy(b, 0, grown, 0, at);
                    grown[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, grown, at + 1, b.length - at);
                    b = grown;
                }
                default -> {
                    byte[] shrunk = new byte[b.length - 1];
                    System.arraycopy(b, 0, shrunk, 0, at);
                    System.arraycopy(b, at + 1, shrunk, at, b.length - at - 1);
                    b = shrunk;
                }
            }
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
