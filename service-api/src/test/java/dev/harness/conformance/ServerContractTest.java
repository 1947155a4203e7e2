package dev.harness.conformance;

import dev.harness.server.ServerFactory;
import dev.harness.transport.Transport;
import org.junit.jupiter.api.Nested;

/**
 * The conformance kit: the behaviour {@code docs/protocol.md} promises, checked against one server model over one
 * {@link Transport}. Every server × transport combination gets the whole suite from a thin subclass whose
 * constructor names both, as Netty's testsuite runs every test over every combination: a new model adds one
 * subclass per transport, a new transport one subclass per model.
 *
 * <p>{@link ContractKit} holds the servers' lifecycle; the tests live in one file per topic, each a
 * {@link ContractTopic} that runs here as a {@code @Nested} class: the ACT operations
 * ({@link OperationsContract}), their errors and limits ({@link ActErrorsContract}), their framing
 * ({@link ActFramingContract}), HTTP/1.1 ({@link HttpContract}), isolation and resources
 * ({@link ReliabilityContract}), hostile clients ({@link HostileContract}), hostile RELAY downstreams
 * ({@link HostileDownstreamContract}), mutated input fuzzed at the live server ({@link LiveFuzzContract}), the
 * memory held for output a client does not read ({@link OutputBoundsContract}) and idle connections ({@link IdleConnectionsContract}).
 *
 * <p>The kit starts every server with {@code config.withTransport(transport)} and its clients connect through
 * the same transport ({@link RawConnection}). What a transport does not have, the checks say rather than
 * silently pass: over mem a connection holds no file descriptor (the descriptor checks still run and still
 * hold, and {@link ReliabilityContract} checks that the count does not move while connections are open), and a
 * client's reset is a close ({@link RawConnection#inMemory}). Threads and heap are checked alike over both.
 *
 * <p>The kit speaks to the server with its own raw clients ({@link ActTestClient}, {@link HttpTestClient})
 * and never with the project's codecs, so a codec bug cannot hide behind itself. It asserts behaviour and
 * exact bytes — acts, ops, status bytes, payload contents and lengths, HTTP status codes, header fields,
 * chunk boundaries, who closes the connection — never speed: every wait is a generous timeout for slow,
 * noisy CI machines, and the only clock assertions are lower bounds ("the server waited at least
 * {@code wait_us}"), which noise cannot break.
 *
 * <p>Two servers of the model are started once per class: {@code downstream} with {@link #config()}, and
 * {@code server}, the server under test, with the same configuration plus {@code withDownstream} pointing
 * at the first, so RELAY runs through a real chain of two servers of the same model. Tests that need a
 * special configuration (small limits, shutdown, hostile clients, idle connections) start their own server
 * and shut it down. Costs: two servers per class, a few hundred short-lived connections, the
 * {@link IdleBudget}'s idle connections, some seconds of wall time on two cores.
 *
 * <pre>{@code
 * class VirtualThreadsMemTest extends ServerContractTest {
 *     VirtualThreadsMemTest() {
 *         super(new VirtualThreadsServerFactory(), Transport.mem(), IdleBudget.connections(2_000).heapBytesPerConnectionBelow(4_096));
 *     }
 * }
 * }</pre>
 */
public abstract class ServerContractTest extends ContractKit {

    /**
     * How many connections the idle-connections topic holds idle, and the heap per idle connection over the
     * kit's transport it asserts at most ({@code 0}: printed only). The count is what the model holds
     * comfortably in a test JVM: a platform thread per connection takes one of the machine's pids.
     */
    public record IdleBudget(int connections, long maxHeapBytesPerConnection) {

        /** 2,000 connections, the heap per connection printed only. */
        public static final IdleBudget DEFAULT = connections(2_000);

        public IdleBudget {
            if (connections < 1 || maxHeapBytesPerConnection < 0) {
                throw new IllegalArgumentException("an idle budget of " + connections + " connections and "
                        + maxHeapBytesPerConnection + " heap bytes per connection");
            }
        }

        /** {@code connections} idle connections, the heap per connection printed only. */
        public static IdleBudget connections(int connections) {
            return new IdleBudget(connections, 0);
        }

        /** This budget, with the heap per idle connection asserted below {@code bytes}. */
        public IdleBudget heapBytesPerConnectionBelow(long bytes) {
            return new IdleBudget(connections, bytes);
        }
    }

    final IdleBudget idleBudget;

    /** The kit for {@code factory} over {@code transport}, with the {@link IdleBudget#DEFAULT} idle budget. */
    protected ServerContractTest(ServerFactory factory, Transport transport) {
        this(factory, transport, IdleBudget.DEFAULT);
    }

    protected ServerContractTest(ServerFactory factory, Transport transport, IdleBudget idleBudget) {
        super(factory, transport);
        this.idleBudget = idleBudget;
    }

    // One @Nested class per topic: each hands the running kit to its topic, whose tests and groups it runs.

    @Nested
    class Operations extends OperationsContract {
        Operations() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class ActErrors extends ActErrorsContract {
        ActErrors() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class ActFraming extends ActFramingContract {
        ActFraming() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class Http extends HttpContract {
        Http() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class Reliability extends ReliabilityContract {
        Reliability() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class Hostile extends HostileContract {
        Hostile() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class HostileDownstreams extends HostileDownstreamContract {
        HostileDownstreams() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class LiveFuzz extends LiveFuzzContract {
        LiveFuzz() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class OutputBounds extends OutputBoundsContract {
        OutputBounds() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class RelayPipeline extends RelayPipelineContract {
        RelayPipeline() {
            super(ServerContractTest.this);
        }
    }

    @Nested
    class IdleConnections extends IdleConnectionsContract {
        IdleConnections() {
            super(ServerContractTest.this);
        }
    }
}
