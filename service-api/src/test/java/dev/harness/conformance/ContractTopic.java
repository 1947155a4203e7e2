package dev.harness.conformance;

import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertOk;
import static dev.harness.conformance.Wire.get;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.service.Limits;
import dev.harness.transport.Transport;
import java.io.IOException;

/**
 * One topic of the conformance kit, in a file of its own: the base of every topic class. A topic runs as a
 * {@code @Nested} class of a {@link ContractKit}, which hands it the running kit when JUnit creates it
 * (after the kit's servers have started): the model and transport under test, the two servers, their limits,
 * and the kit's {@link ContractKit#config()}, which a subclass may override. A topic's tests see them
 * as fields and reach the servers through the kit's own clients ({@link #act()}, {@link #http()},
 * {@link #raw(Server)}), always over the kit's transport.
 *
 * <p>Creating a topic costs a few field copies; it starts nothing and holds nothing that needs closing.
 */
abstract class ContractTopic {

    /** The model under test. */
    protected final ServerFactory factory;
    /** What the servers listen on and the kit's clients connect through. */
    protected final Transport transport;
    /** The server under test; RELAY goes to {@link #downstream}. */
    protected final Server server;
    /** A second server of the same model with no downstream of its own. */
    protected final Server downstream;
    /** The limits both servers run with. */
    protected final Limits limits;
    private final ContractKit kit;

    ContractTopic(ContractKit kit) {
        this.kit = kit;
        this.factory = kit.factory;
        this.transport = kit.transport;
        this.server = kit.server;
        this.downstream = kit.downstream;
        this.limits = kit.limits;
    }

    /** The configuration every server of the kit starts from: {@link ContractKit#config()}. */
    ServerConfig config() {
        return kit.config();
    }

    /** Starts a server of the model under test with {@code config} over the kit's transport. */
    Server start(ServerConfig config) throws IOException {
        return kit.start(config);
    }

    /** A new ACT-frame client of the server under test, over the kit's transport. */
    ActTestClient act() throws IOException {
        return act(server);
    }

    /** A new HTTP client of the server under test, over the kit's transport. */
    HttpTestClient http() throws IOException {
        return http(server);
    }

    ActTestClient act(Server s) throws IOException {
        return new ActTestClient(transport, s.address());
    }

    HttpTestClient http(Server s) throws IOException {
        return new HttpTestClient(transport, s.address());
    }

    /** A raw connection to {@code s} over the kit's transport, for clients that misbehave on purpose. */
    RawConnection raw(Server s) throws IOException {
        return RawConnection.connect(transport, s.address());
    }

    /** The server keeps serving: a fresh connection of each protocol is answered. */
    void assertNewConnectionServed() throws IOException {
        try (ActTestClient c = act()) {
            assertEchoStillAnswered(c);
        }
        try (HttpTestClient h = http()) {
            h.send(get("/echo"));
            assertOk(h.read(IO), ascii("hello\n"));
        }
    }
}
