package dev.harness.conformance;

import static java.util.concurrent.TimeUnit.SECONDS;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.service.Limits;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The lifecycle every run of the conformance kit shares: one model over one {@link Transport}, two servers
 * started once per class — {@code downstream} with {@link #config()}, and {@code server}, the server under
 * test, with the same configuration plus {@code withDownstream} pointing at the first — and shut down after.
 * {@link ServerContractTest} runs every topic on them with the built-in services; {@link HandlerContractTest}
 * runs the protocol's own topics with a handler of a user's kind. A {@link ContractTopic} reads the running
 * kit through this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = SECONDS)
public abstract class ContractKit {

    final ServerFactory factory;
    final Transport transport;
    Server server;
    Server downstream;
    Limits limits;

    ContractKit(ServerFactory factory, Transport transport) {
        this.factory = factory;
        this.transport = transport;
    }

    /**
     * The configuration every server of the kit starts from; override to test a model with other settings.
     * It must not set a downstream (the kit points the server under test at its own second server), and its
     * transport is replaced by the kit's.
     */
    protected ServerConfig config() {
        return ServerConfig.loopback();
    }

    /** Starts a server of the model under test with {@code config} over the kit's transport. */
    protected final Server start(ServerConfig config) throws IOException {
        return factory.start(config.withTransport(transport));
    }

    @BeforeAll
    @Timeout(value = 30, unit = SECONDS)
    void startServers() throws IOException {
        ServerConfig base = config();
        if (base.downstream().isPresent()) {
            throw new IllegalStateException("config() must not set a downstream: the kit starts its own");
        }
        limits = base.limits();
        downstream = start(base);
        server = start(base.withDownstream(downstream.address()));
    }

    @AfterAll
    @Timeout(value = 30, unit = SECONDS)
    void stopServers() throws InterruptedException {
        // the server under test first: its RELAY connections are clients of the downstream
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
            server = null;
        }
        if (downstream != null) {
            downstream.shutdown(Duration.ofSeconds(5));
            downstream = null;
        }
    }
}
