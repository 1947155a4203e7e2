package dev.harness.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.server.HandlerConfig;
import dev.harness.server.ServerConfig;
import dev.harness.service.ServiceHandler;
import dev.harness.service.ServiceHandlerFactory;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Session.blocking} in the thread models: the call and its completion run on the connection's own
 * thread (a platform thread {@code conn-N}, a virtual thread {@code vconn-N}), no pool, no event loop to
 * block; the server reports no loop blocking.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingCallTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCallAndItsCompletionRunOnTheConnectionsOwnThread(boolean virtual) throws Exception {
        ServiceHandler handler = (session, request) -> session.blocking(() -> Thread.currentThread().getName(),
                called -> session.reply(request, Status.OK, ByteBuffer.wrap((called.value() + " then "
                        + Thread.currentThread().getName()).getBytes(StandardCharsets.UTF_8))));
        ThreadFactory threads = virtual ? Thread.ofVirtual().name("vconn-", 0).factory()
                : Thread.ofPlatform().name("conn-", 0).daemon(true).factory();
        BlockingServer server = BlockingServer.start(ServerConfig.loopback().withTransport(Transport.mem())
                .withHandler(HandlerConfig.of(ServiceHandlerFactory.shared(handler))), threads);
        try (server; Channel client = Transport.mem().connect(server.address())) {
            ActFrames.sendEcho(client, 1, "x");
            String names = ActFrames.read(client).text();
            String thread = virtual ? "vconn-0" : "conn-0";
            assertEquals(thread + " then " + thread, names);
            assertTrue(server.loopBlocking().isEmpty(), "no event loop, nothing reported");
        }
    }
}
