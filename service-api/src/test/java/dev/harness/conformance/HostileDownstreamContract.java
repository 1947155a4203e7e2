package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.RELAY;
import static dev.harness.conformance.ActFrames.STATUS_ERROR;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.relay;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertRequestError;
import static dev.harness.conformance.Wire.pattern;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames.Frame;
import dev.harness.conformance.HostileDownstream.Reply;
import dev.harness.server.Server;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A RELAY downstream that answers with an oversized header, a truncated frame, garbage, or answers that
 * never end ({@link HostileDownstream}): the server under test, on one event loop for the models that have
 * them (so a loop that dies takes every client with it), answers each RELAY of its client — an ERROR, or the
 * one good answer — under the client's act, answers the next RELAY too (after a reconnect when the
 * downstream broke the connection), and goes on answering the well-behaved client beside it
 * ({@link HostileRun}), with threads and descriptors back at their baseline.
 */
abstract class HostileDownstreamContract extends ContractTopic {

    /** Long enough for a busy machine to answer, short enough that a RELAY left waiting ends in the test. */
    private static final Duration DOWNSTREAM_TIMEOUT = Duration.ofSeconds(3);
    private static final int RELAYS = 3;

    HostileDownstreamContract(ServerContractTest kit) {
        super(kit);
    }

    @ParameterizedTest
    @EnumSource(Reply.class)
    @Timeout(value = 120, unit = SECONDS)
    void aHostileDownstreamCostsOnlyItsOwnRelays(Reply reply) throws Exception {
        HostileDownstream hostile = new HostileDownstream(transport, reply);
        try (Server s = start(config().withEventLoops(1).withDownstream(hostile.address())
                .withDownstreamTimeout(DOWNSTREAM_TIMEOUT));
             HostileRun run = new HostileRun("downstream-" + reply.name().toLowerCase(Locale.ROOT),
                     factory.name(), transport, s)) {
            int errors = 0;
            try (ActTestClient c = act(s)) {
                for (int i = 0; i < RELAYS; i++) {
                    byte[] payload = pattern(32, i);
                    c.send(relay(i, ECHO, payload));
                    Frame answer = c.read(IO);
                    if (answer.status() == STATUS_ERROR) {
                        assertRequestError(answer, i, RELAY);
                        errors++;
                    } else {
                        assertEquals(Reply.NEVER_ENDING, reply, "an answer that is not an ERROR from a downstream that"
                                + " answers " + reply + ": " + answer);
                        assertFrame(answer, i, RELAY, STATUS_OK, payload);
                    }
                    assertEchoStillAnswered(c);
                }
            }
            assertTrue(reply == Reply.NEVER_ENDING || errors == RELAYS, "every RELAY to a downstream that answers "
                    + reply + " is an ERROR; " + errors + " of " + RELAYS + " were");
            hostile.close(); // its threads and channels are the test's, not the server's
            run.note("relay_errors", errors);
            run.finish();
        } finally {
            hostile.close();
        }
    }
}
