package dev.harness.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.service.Limits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The built-in services against a recording {@link Session}: what they answer, wait for and call. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServicesTest {

    /** Records every call; awaits run when {@link #runAwaits} is called, downstream calls when the test completes them. */
    static final class RecordingSession implements Session {
        final Limits limits;
        final List<String> log = new ArrayList<>();
        final List<Status> statuses = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        final List<Long> awaitNanos = new ArrayList<>();
        final ArrayDeque<Runnable> awaits = new ArrayDeque<>();
        final List<Completion<Reply>> calls = new ArrayList<>();
        final List<Byte> callOps = new ArrayList<>();
        final List<byte[]> callPayloads = new ArrayList<>();
        ErrorCode failCode;
        String failMessage;

        RecordingSession(Limits limits) {
            this.limits = limits;
        }

        @Override
        public void reply(Request request, Status status, ByteBuffer payload) {
            int position = payload.position();
            byte[] copy = new byte[payload.remaining()];
            payload.duplicate().get(copy);
            statuses.add(status);
            payloads.add(copy);
            log.add("reply " + request.act() + " " + status + " " + copy.length);
            assertEquals(position, payload.position());
        }

        @Override
        public void fail(Request request, ErrorCode code, String message) {
            failCode = code;
            failMessage = message;
            log.add("fail " + request.act() + " " + code);
        }

        @Override
        public void await(long nanos, Runnable then) {
            awaitNanos.add(nanos);
            awaits.add(then);
            log.add("await " + nanos);
        }

        @Override
        public void call(byte op, ByteBuffer payload, Completion<Reply> then) {
            byte[] copy = new byte[payload.remaining()];
            payload.duplicate().get(copy);
            callOps.add(op);
            callPayloads.add(copy);
            calls.add(then);
            log.add("call " + op);
        }

        @Override
        public Limits limits() {
            return limits;
        }

        /** Runs waits, and the waits they start, like a trampoline. */
        void runAwaits() {
            Runnable r;
            while ((r = awaits.poll()) != null) {
                r.run();
            }
        }
    }

    private static final Limits LIMITS = Limits.defaults();
    private static final ServiceHandler SERVICES = BuiltinServices.INSTANCE;

    private static RecordingSession session() {
        return new RecordingSession(LIMITS);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void echoAnswersItsBytesAtOnce() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(5, new Operation.Echo(ascii("ping"))));
        assertEquals(List.of("reply 5 OK 4"), s.log);
        assertEquals("ping", new String(s.payloads.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void workOverALimitFailsWithBadRequest() {
        Operation.Work[] over = {
                new Operation.Work(LIMITS.maxCpuMicros() + 1, 0, 0),
                new Operation.Work(0, LIMITS.maxWaitMicros() + 1, 0),
                new Operation.Work(0, 0, LIMITS.maxReplyBytes() + 1),
                new Operation.Work(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)};
        for (Operation.Work work : over) {
            RecordingSession s = session();
            SERVICES.handle(s, new Request(9, work));
            assertEquals(List.of("fail 9 BAD_REQUEST"), s.log, work.toString());
            assertTrue(s.failMessage != null && !s.failMessage.isBlank());
        }
    }

    @Test
    void workAtTheLimitsIsServed() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(1, new Operation.Work(0, LIMITS.maxWaitMicros(), LIMITS.maxReplyBytes())));
        s.runAwaits();
        assertEquals(List.of("await " + TimeUnit.MICROSECONDS.toNanos(LIMITS.maxWaitMicros()),
                "reply 1 OK " + LIMITS.maxReplyBytes()), s.log);
    }

    @Test
    void workWaitsItsMicrosThenAnswersReplyBytesZeros() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(7, new Operation.Work(10, 1000, 32)));
        assertEquals(List.of(1_000_000L), s.awaitNanos, "wait_us 1000 = 1,000,000 ns");
        assertTrue(s.statuses.isEmpty(), "no answer before the wait is over");
        s.runAwaits();
        assertEquals(List.of(Status.OK), s.statuses);
        assertEquals(32, s.payloads.get(0).length);
        assertTrue(allZero(s.payloads.get(0)));
    }

    @Test
    void workWithoutAWaitAnswersAtOnce() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(2, new Operation.Work(0, 0, 100_000)));
        s.runAwaits();
        assertEquals(List.of(Status.OK), s.statuses);
        assertEquals(100_000, s.payloads.get(0).length);
        assertTrue(allZero(s.payloads.get(0)));
        assertTrue(s.awaitNanos.stream().allMatch(n -> n == 0), "no wait beyond 0 ns");
    }

    @Test
    void subscribeAnswersCountEventsTheLastWithLast() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(3, new Operation.Subscribe(4, 250, 10)));
        s.runAwaits();
        assertEquals(List.of(Status.OK, Status.OK, Status.OK, Status.LAST), s.statuses);
        assertEquals(List.of(250_000L, 250_000L, 250_000L, 250_000L), s.awaitNanos, "one interval before each event");
        for (byte[] p : s.payloads) {
            assertEquals(10, p.length);
            assertTrue(allZero(p));
        }
        assertTrue(s.log.stream().allMatch(l -> !l.startsWith("reply") || l.startsWith("reply 3 ")), "all under the request's act");
    }

    @Test
    void subscribeOfOneEventIsOneLast() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(3, new Operation.Subscribe(1, 0, 0)));
        s.runAwaits();
        assertEquals(List.of(Status.LAST), s.statuses);
        assertEquals(0, s.payloads.get(0).length);
    }

    @Test
    void subscribeOutsideItsLimitsFailsWithBadRequest() {
        Operation.Subscribe[] bad = {
                new Operation.Subscribe(0, 0, 1),
                new Operation.Subscribe(LIMITS.maxEvents() + 1, 0, 1),
                new Operation.Subscribe(1, LIMITS.maxIntervalMicros() + 1, 1),
                new Operation.Subscribe(1, 0, LIMITS.maxEventBytes() + 1)};
        for (Operation.Subscribe sub : bad) {
            RecordingSession s = session();
            SERVICES.handle(s, new Request(4, sub));
            s.runAwaits();
            assertEquals(List.of("fail 4 BAD_REQUEST"), s.log, sub.toString());
        }
    }

    @Test
    void relayCallsDownstreamWithTheInnerOpAndPayload() {
        RecordingSession s = session();
        byte[] inner = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
        SERVICES.handle(s, new Request(11, new Operation.Relay(Operation.WORK, ByteBuffer.wrap(inner))));
        assertEquals(List.of(Operation.WORK), s.callOps);
        assertTrue(java.util.Arrays.equals(inner, s.callPayloads.get(0)));
        assertTrue(s.statuses.isEmpty() && s.failCode == null, "no answer before the downstream's");
        s.calls.get(0).completed(new Reply(Status.OK, null, ascii("downstream-answer"), true));
        assertEquals(List.of("call 2", "reply 11 OK 17"), s.log);
        assertEquals("downstream-answer", new String(s.payloads.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void relayPassesAStreamsStatusesThrough() {
        RecordingSession s = session();
        SERVICES.handle(s, new Request(12, new Operation.Relay(Operation.SUBSCRIBE, ByteBuffer.allocate(12))));
        Completion<Reply> then = s.calls.get(0);
        then.completed(new Reply(Status.OK, null, ascii("e1"), false));
        then.completed(new Reply(Status.LAST, null, ascii("e2"), true));
        assertEquals(List.of(Status.OK, Status.LAST), s.statuses);
    }

    @Test
    void relayMapsADownstreamErrorToAFailure() {
        for (ErrorCode code : ErrorCode.values()) {
            RecordingSession s = session();
            SERVICES.handle(s, new Request(13, new Operation.Relay(Operation.ECHO, ascii("x"))));
            s.calls.get(0).completed(new Reply(Status.ERROR, code, ByteBuffer.wrap("downstream said no: Größe".getBytes(StandardCharsets.UTF_8)), true));
            assertEquals(code, s.failCode);
            assertEquals("downstream said no: Größe", s.failMessage);
            assertTrue(s.statuses.isEmpty(), "an ERROR is not passed through as a reply");
        }
    }

    @Test
    void zeroPayloadsOfAnySizeAreZeroAndReadOnly() {
        for (int n : new int[] {0, 1, 65_536, 65_537, 1 << 20}) {
            ByteBuffer z = Payloads.zeros(n);
            assertEquals(n, z.remaining());
            assertTrue(z.isReadOnly());
            byte[] b = new byte[n];
            z.duplicate().get(b);
            assertTrue(allZero(b));
        }
    }
}
