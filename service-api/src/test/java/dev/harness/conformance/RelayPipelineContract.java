package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.RELAY;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.relay;
import static dev.harness.conformance.Wire.IO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.conformance.ActFrames.Frame;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * RELAY under pipelining, the way the load generator drives it: several connections, each keeping
 * {@value #IN_FLIGHT} RELAYs in flight (a new one sent as each answer arrives), so that the server multiplexes
 * many calls on its downstream connections while answers, requests and its own turns interleave. Every
 * RELAY must be answered once, OK, with its own payload under its own act; a RELAY left unanswered shows as
 * a count short of {@value #RELAYS_PER_CONNECTION} once no answer came for {@link Wire#IO}. Counts only: the
 * test asserts nothing about time.
 */
abstract class RelayPipelineContract extends ContractTopic {

    private static final int CONNECTIONS = 4;
    private static final int IN_FLIGHT = 16;
    private static final int RELAYS_PER_CONNECTION = 3_000;

    RelayPipelineContract(ServerContractTest kit) {
        super(kit);
    }

    @Test
    void everyPipelinedRelayIsAnswered() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<Integer>> answered = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                long firstAct = (long) i * RELAYS_PER_CONNECTION;
                answered.add(clients.submit(() -> relayClosedLoop(firstAct)));
            }
            for (Future<Integer> f : answered) {
                assertEquals(RELAYS_PER_CONNECTION, f.get(), "RELAYs answered on one connection with "
                        + IN_FLIGHT + " in flight (the rest got no answer within " + IO + ")");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** Keeps {@link #IN_FLIGHT} RELAYs in flight until all are sent; returns how many were answered. */
    private int relayClosedLoop(long firstAct) throws IOException {
        Set<Long> outstanding = new HashSet<>();
        long next = firstAct;
        long end = firstAct + RELAYS_PER_CONNECTION;
        int answered = 0;
        try (ActTestClient c = act()) {
            while (answered < RELAYS_PER_CONNECTION) {
                while (next < end && outstanding.size() < IN_FLIGHT) {
                    c.send(relay(next, ECHO, payloadOf(next)));
                    outstanding.add(next++);
                }
                Frame f;
                try {
                    f = c.read(IO);
                } catch (SocketTimeoutException e) {
                    return answered;
                }
                assertEquals(RELAY, f.op(), "op of " + f);
                assertEquals(STATUS_OK, f.status(), "status of " + f);
                assertEquals(true, outstanding.remove(f.act()), "an answer to no outstanding RELAY: " + f);
                assertArrayEquals(payloadOf(f.act()), f.payload(), "payload of " + f);
                answered++;
            }
        }
        return answered;
    }

    private static byte[] payloadOf(long act) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(act).putLong(~act).array();
    }
}
