package dev.harness.proactor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.server.HandlerConfig;
import dev.harness.server.LoopBlocking;
import dev.harness.server.ServerConfig;
import dev.harness.service.Request;
import dev.harness.service.ServiceHandler;
import dev.harness.service.ServiceHandlerFactory;
import dev.harness.service.Session;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Session.blocking} on the proactor: the call runs on the server's pool of blocking threads and its
 * completion on the connection's event loop; a full pool fails the call at once, naming the options; and a
 * handler that blocks the loop without it is measured as time blocked on that loop.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingCallTest {

    private static final Duration SLEEP = Duration.ofMillis(50);

    @Test
    void theCallRunsOnAPoolThreadAndItsCompletionOnTheLoop() throws Exception {
        ServiceHandler handler = (session, request) -> session.blocking(() -> Thread.currentThread().getName(),
                called -> answer(session, request, called.value() + " then " + Thread.currentThread().getName()));
        try (ProactorActServer server = start(HandlerConfig.of(ServiceHandlerFactory.shared(handler)));
             Channel client = Transport.mem().connect(server.address())) {
            ActFrames.sendEcho(client, 1, "x");
            String threads = ActFrames.read(client).text();
            assertTrue(threads.matches("blocking-\\d+ then proactor-0"), threads);
        }
    }

    @Test
    void aFullPoolFailsTheCallAtOnceNamingTheOptions() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ServiceHandler handler = (session, request) -> session.blocking(() -> release.await(10, TimeUnit.SECONDS),
                called -> answer(session, request, called.ok() ? "ran" : called.failure().getMessage()));
        HandlerConfig onePlusOne = new HandlerConfig(ServiceHandlerFactory.shared(handler), 1, 1,
                HandlerConfig.DEFAULT_LOOP_BLOCK_THRESHOLD);
        try (ProactorActServer server = start(onePlusOne);
             Channel client = Transport.mem().connect(server.address())) {
            for (int act = 1; act <= 3; act++) {
                ActFrames.sendEcho(client, act, "x");
            }
            ActFrames.Frame refused = ActFrames.read(client);
            assertEquals(3, refused.act(), "the third call finds one running and one queued");
            assertTrue(refused.text().contains("--blocking-threads") && refused.text().contains("--blocking-queue"),
                    refused.text());
            release.countDown();
            assertEquals("ran", ActFrames.read(client).text());
            assertEquals("ran", ActFrames.read(client).text());
        }
    }

    @Test
    void aHandlerThatBlocksTheLoopIsMeasuredAndOneThatUsesThePoolIsNot() throws Exception {
        ServiceHandler onTheLoop = (session, request) -> {
            sleep();
            answer(session, request, "slept");
        };
        ServiceHandler onThePool = (session, request) -> session.blocking(() -> {
            sleep();
            return null;
        }, slept -> answer(session, request, "slept"));
        long blockedByLoop = blockedNanosAfterThreeRequests(onTheLoop);
        long blockedByPool = blockedNanosAfterThreeRequests(onThePool);
        assertTrue(blockedByLoop >= 3 * SLEEP.toNanos(), "three sleeps on the loop counted: " + blockedByLoop + " ns");
        assertTrue(blockedByPool < SLEEP.toNanos(), "sleeps on the pool do not block the loop: " + blockedByPool + " ns");
    }

    private static long blockedNanosAfterThreeRequests(ServiceHandler handler) throws Exception {
        try (ProactorActServer server = start(HandlerConfig.of(ServiceHandlerFactory.shared(handler)));
             Channel client = Transport.mem().connect(server.address())) {
            for (int act = 1; act <= 3; act++) {
                ActFrames.sendEcho(client, act, "x");
                assertEquals("slept", ActFrames.read(client).text());
            }
            server.readBuffersLent();   // a query run by the loop: the round that answered the last one has ended
            List<LoopBlocking> loops = server.loopBlocking();
            assertEquals(1, loops.size());
            assertEquals("proactor-0", loops.get(0).loop());
            return loops.get(0).blockedNanos();
        }
    }

    private static ProactorActServer start(HandlerConfig handler) throws Exception {
        return ProactorActServer.start(ServerConfig.loopback().withTransport(Transport.mem()).withEventLoops(1)
                .withHandler(handler));
    }

    private static void answer(Session session, Request request, String text) {
        session.reply(request, Status.OK, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void sleep() {
        try {
            Thread.sleep(SLEEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
