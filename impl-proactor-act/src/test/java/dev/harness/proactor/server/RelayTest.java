package dev.harness.proactor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.ServerConfig;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import dev.harness.transport.Transport;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELAY: the proactor as an initiator on its downstream under ACTs of its own ({@link ProactorDownstream} and its
 * {@link dev.harness.proactor.ActTable}), answering its client under the client's original act. Every test
 * runs over each transport: clients, the proactor's downstream connection and the fake downstreams alike.
 */
@Timeout(30)
class RelayTest {

    /**
     * Long enough that the test, answering a call by hand, never loses the race with the timeout on a busy
     * machine; a timed-out call shows the timeout is kept by waiting at least this long for its error.
     */
    private static final Duration ANSWER_BY_HAND_TIMEOUT = Duration.ofSeconds(2);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static ServerConfig over(String transport) {
        return ServerConfig.loopback().withTransport(Transport.byName(transport)).withEventLoops(1);
    }

    /** The downstream's side of the proactor's connection to it, accepted as soon as the proactor connects. */
    private static CompletableFuture<Channel> acceptOne(Listener downstream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return downstream.accept();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void relayedAnswersCarryTheClientsOriginalAct(String transport) throws Exception {
        ProactorActServer downstream = closeLater(ProactorActServer.start(over(transport)));
        ProactorActServer server = closeLater(ProactorActServer.start(
                over(transport).withDownstream(downstream.address())));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        byte[] relayEcho = ByteBuffer.allocate(6).put(Operation.ECHO).put("hello".getBytes(StandardCharsets.US_ASCII)).array();
        byte[] relaySubscribe = ByteBuffer.allocate(13).put(Operation.SUBSCRIBE).put(Wire.threeU32(3, 1_000, 2)).array();
        wire.send(0x1234_5678_9ABCL, Operation.RELAY, relayEcho);
        Wire.Frame echo = wire.read();
        assertEquals(0x1234_5678_9ABCL, echo.act());
        assertEquals(Operation.RELAY, echo.op());
        assertEquals("hello", echo.text());

        wire.send(-7L, Operation.RELAY, relaySubscribe);
        for (int i = 1; i <= 3; i++) {
            Wire.Frame event = wire.read();
            assertEquals(-7L, event.act(), "one act, returned many times, across the chain");
            assertEquals(i == 3 ? Status.LAST.code() : Status.OK.code(), event.status());
        }
    }

    /**
     * A relayed stream arrives from the downstream at the downstream's pace, whatever the client reads; the
     * loop must not buffer it without bound for a client that never reads. Past the cut-off that client is
     * closed, and the loop goes on serving others.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void aRelayedStreamToAClientThatNeverReadsIsCutOffAndTheLoopLivesOn(String transport) throws Exception {
        Limits small = Limits.defaults()
                .withMaxPendingOutputBytes(64 * 1024).withMaxPayloadBytes(16 * 1024);
        ProactorActServer downstream = closeLater(ProactorActServer.start(over(transport)));
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)
                .withLimits(small).withDownstream(downstream.address())));
        Channel silent = closeLater(Transport.byName(transport).connect(server.address()));
        // 100,000 events of 16 KiB through the relay: 1.6 GB, and the client reads none of it
        byte[] relaySubscribe = ByteBuffer.allocate(13).put(Operation.SUBSCRIBE)
                .put(Wire.threeU32(100_000, 0, 16 * 1024)).array();
        silent.write(ByteBuffer.wrap(Wire.frame(9, Operation.RELAY, relaySubscribe)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, server.openConnections(), "the client that never reads its relayed stream is cut off");
        Wire other = closeLater(new Wire(Transport.byName(transport), server.address()));
        other.send(1, Operation.ECHO, "alive".getBytes(StandardCharsets.US_ASCII));
        assertEquals("alive", other.read().text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void withoutADownstreamRelayAnswersError(String transport) throws Exception {
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        wire.send(3, Operation.RELAY, new byte[] {Operation.ECHO, 1});
        Wire.Frame error = wire.read();
        assertEquals(3, error.act());
        assertEquals(Status.ERROR.code(), error.status());
        assertTrue(error.text().contains("no downstream"), error.text());
    }

    /**
     * A downstream that accepts and reads but never answers: the call expires with GATEWAY_TIMEOUT and
     * its entry is reclaimed; the answer it sends afterwards under the token it got is stale, and a frame
     * under a token it made up is forged: both are rejected.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void anUnansweredCallTimesOutAndLateOrForgedAnswersAreRejected(String transport) throws Exception {
        Listener silent = closeLater(Transport.byName(transport).listen("127.0.0.1", 0, 50));
        CompletableFuture<Channel> accepted = acceptOne(silent);
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)
                .withDownstream(silent.localAddress())
                .withDownstreamTimeout(ANSWER_BY_HAND_TIMEOUT)));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        long sent = System.nanoTime();
        wire.send(41, Operation.RELAY, new byte[] {Operation.ECHO, 'x'});
        Channel peer = closeLater(accepted.get(5, TimeUnit.SECONDS));
        DataInputStream fromProactor = new DataInputStream(Channels.newInputStream(peer));
        int length = fromProactor.readInt();
        long token = fromProactor.readLong();
        fromProactor.readNBytes(length - 8);

        Wire.Frame timeout = wire.read();
        long waited = System.nanoTime() - sent;
        assertTrue(waited >= ANSWER_BY_HAND_TIMEOUT.toNanos(), "the error came after " + waited / 1_000_000
                + " ms, before the " + ANSWER_BY_HAND_TIMEOUT.toMillis() + " ms timeout");
        assertEquals(41, timeout.act());
        assertEquals(Status.ERROR.code(), timeout.status());
        assertTrue(timeout.text().contains("did not answer"), timeout.text());

        peer.write(ByteBuffer.wrap(Wire.frame(token, Operation.ECHO, new byte[] {'x'})));      // late: stale
        peer.write(ByteBuffer.wrap(Wire.frame(token ^ (1L << 40), Operation.ECHO, new byte[] {'y'}))); // forged
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.rejectedDownstreamAnswers() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(2, server.rejectedDownstreamAnswers());
        // the client got nothing more, and the relay still works for new calls under fresh tokens
        wire.send(42, Operation.RELAY, new byte[] {Operation.ECHO, 'z'});
        fromProactor.readInt();
        long fresh = fromProactor.readLong();
        fromProactor.readNBytes(length - 8);
        peer.write(ByteBuffer.wrap(Wire.frame(fresh, Operation.ECHO, new byte[] {'z'})));
        Wire.Frame answer = wire.read();
        assertEquals(42, answer.act());
        assertEquals("z", answer.text());
    }

    /**
     * A downstream whose answer header claims a length over the limit, sent in fewer than the 16 bytes of
     * a header: the loop must judge the length before it grows its read buffer for the frame. The call
     * fails with BAD_GATEWAY and the loop, the only one, goes on serving.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void aPartialAnswerHeaderClaimingTooMuchFailsTheCallNotTheLoop(String transport) throws Exception {
        Listener hostile = closeLater(Transport.byName(transport).listen("127.0.0.1", 0, 50));
        CompletableFuture<Channel> accepted = acceptOne(hostile);
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)
                .withDownstream(hostile.localAddress())));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        wire.send(43, Operation.RELAY, new byte[] {Operation.ECHO, 'x'});
        Channel peer = closeLater(accepted.get(5, TimeUnit.SECONDS));
        DataInputStream fromProactor = new DataInputStream(Channels.newInputStream(peer));
        int length = fromProactor.readInt();
        fromProactor.readNBytes(length);
        // 8 bytes of a header whose length field claims about 2 GiB
        peer.write(ByteBuffer.allocate(8).putInt(0x7FFF_FFF0).putInt(0).flip());

        Wire.Frame error = wire.read();
        assertEquals(43, error.act());
        assertEquals(Status.ERROR.code(), error.status());
        assertTrue(error.text().contains("cannot be trusted"), error.text());
        wire.send(44, Operation.ECHO, "alive".getBytes(StandardCharsets.US_ASCII));
        assertEquals("alive", wire.read().text(), "the loop serves on");
    }

    /**
     * A downstream that accepts and never reads: calls time out and free their slots, but their requests
     * stay queued for it. Once more than the pending-output limit is queued, new calls are refused at once
     * rather than queued without bound.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void callsToADownstreamThatStopsReadingAreRefusedNotQueuedWithoutBound(String transport) throws Exception {
        Listener stuck = closeLater(Transport.byName(transport).listen("127.0.0.1", 0, 50));
        CompletableFuture<Channel> accepted = acceptOne(stuck);
        Limits limits = Limits.defaults();
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)
                .withDownstream(stuck.localAddress())
                .withDownstreamTimeout(Duration.ofMillis(200))));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        byte[] inner = new byte[limits.maxPayloadBytes() / 2];
        inner[0] = Operation.ECHO;
        // eight times the limit of requests: far beyond it and beyond any socket buffer
        int calls = 16 * limits.maxPendingOutputBytes() / inner.length;
        for (int act = 1; act <= calls; act++) {
            wire.send(act, Operation.RELAY, inner);
        }
        int refused = 0;
        for (int i = 0; i < calls; i++) {
            Wire.Frame answer = wire.read();
            assertEquals(Status.ERROR.code(), answer.status());
            refused += answer.text().contains("is not reading") ? 1 : 0;
        }
        closeLater(accepted.get(5, TimeUnit.SECONDS));
        assertTrue(refused > 0, "a downstream that never reads made " + calls + " calls queue, none refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void aFullActTableAnswersErrorInsteadOfGrowing(String transport) throws Exception {
        Listener silent = closeLater(Transport.byName(transport).listen("127.0.0.1", 0, 50));
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)
                .withDownstream(silent.localAddress())
                .withDownstreamTimeout(Duration.ofSeconds(20)), 2));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        for (int act = 1; act <= 3; act++) {
            wire.send(act, Operation.RELAY, new byte[] {Operation.ECHO, 'x'});
        }
        Wire.Frame refused = wire.read();
        assertEquals(3, refused.act(), "the third call finds the table of two full");
        assertEquals(Status.ERROR.code(), refused.status());
        assertTrue(refused.text().contains("too many RELAY calls"), refused.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void anUnreachableDownstreamAnswersBadGateway(String transport) throws Exception {
        java.net.InetSocketAddress nobody;
        try (Listener closed = Transport.byName(transport).listen("127.0.0.1", 0, 1)) {
            nobody = closed.localAddress();
        }
        ProactorActServer server = closeLater(ProactorActServer.start(over(transport)
                .withDownstream(nobody)));
        Wire wire = closeLater(new Wire(Transport.byName(transport), server.address()));
        wire.send(5, Operation.RELAY, new byte[] {Operation.ECHO, 'x'});
        Wire.Frame error = wire.read();
        assertEquals(5, error.act());
        assertEquals(Status.ERROR.code(), error.status());
        assertTrue(error.text().contains("cannot connect"), error.text());
    }
}
