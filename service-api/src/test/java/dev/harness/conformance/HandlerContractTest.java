package dev.harness.conformance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.HandlerConfig;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.service.HandlerClass;
import dev.harness.transport.Transport;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance kit's protocol topics — ACT framing, errors and limits, hostile clients — run with a
 * handler that is not the built-in one ({@link CompletingHandler}, loaded by class name as
 * {@code --handler} loads a user's), over one model and transport: the framing, limits, timeouts and
 * robustness are the server's, whatever handler it runs. Every server x transport combination gets it from
 * a thin subclass, as {@link ServerContractTest}.
 *
 * <p>After the servers stop, every handler the servers opened has been closed.
 */
public abstract class HandlerContractTest extends ContractKit {

    protected HandlerContractTest(ServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    @Override
    protected ServerConfig config() {
        return ServerConfig.loopback().withHandler(
                HandlerConfig.of(HandlerClass.load(CompletingHandler.class.getName(), Optional.empty())));
    }

    @AfterAll
    @Timeout(value = 30, unit = SECONDS)
    void everyHandlerClosed() throws InterruptedException {
        stopServers();
        assertTrue(CompletingHandler.OPENED.get() > 0, "the servers opened no CompletingHandler");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (CompletingHandler.CLOSED.get() != CompletingHandler.OPENED.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(CompletingHandler.OPENED.get(), CompletingHandler.CLOSED.get(), "handlers opened and closed");
    }

    @Nested
    class ActErrors extends ActErrorsContract {
        ActErrors() {
            super(HandlerContractTest.this);
        }
    }

    @Nested
    class ActFraming extends ActFramingContract {
        ActFraming() {
            super(HandlerContractTest.this);
        }
    }

    @Nested
    class Hostile extends HostileContract {
        Hostile() {
            super(HandlerContractTest.this);
        }
    }
}
