/**
 * The conformance kit, published in service-api's test-jar: {@link dev.harness.conformance.ServerContractTest}
 * checks a server model against {@code docs/protocol.md} over one transport, and every server × transport
 * combination runs it through a thin subclass that names its {@code ServerFactory} and its {@code Transport}.
 * The tests live in one file per topic ({@code OperationsContract}, {@code ActErrorsContract},
 * {@code ActFramingContract}, {@code HttpContract}, {@code ReliabilityContract}, {@code HostileContract},
 * {@code OutputBoundsContract}, {@code IdleConnectionsContract}); {@code ServerContractTest} runs each as a {@code @Nested} class on its
 * servers, so the one subclass gets them all.
 *
 * <p>The kit has its own raw clients — {@link dev.harness.conformance.ActTestClient} for ACT frames and
 * {@link dev.harness.conformance.HttpTestClient} for HTTP/1.1 — that build and parse bytes themselves, so a bug
 * in the project's codecs cannot hide behind the same bug in the test. ACT frames are built and read by
 * {@link dev.harness.conformance.ActFrames}, written from {@code docs/protocol.md} §1 directly: the one frame
 * builder and reader of every module's tests. Both clients speak through a
 * {@link dev.harness.conformance.RawConnection}: a client end over the combination's transport with a deadline
 * on every wait, which the hostile scenarios also use raw (half-close, reset, never reading).
 * {@link dev.harness.conformance.Wire} holds the assertions and request builders,
 * {@link dev.harness.conformance.OwnProcessProbe} counts the test JVM's file descriptors and platform threads
 * for the leak checks, and {@link dev.harness.conformance.HostileRun} runs one hostile scenario beside a
 * well-behaved client.
 *
 * <p>To add a model, depend on the {@code service-api} test-jar (scope test) and write one class per
 * transport; to add a transport, one class per model:
 * <pre>{@code
 * class MyModelMemTest extends ServerContractTest {
 *     MyModelMemTest() {
 *         super(new MyModelServerFactory(), Transport.mem());
 *     }
 * }
 * }</pre>
 * A third constructor argument, an {@code IdleBudget}, says how many connections the model holds idle
 * (2,000 unless it says otherwise) and the heap per idle connection to assert at most over that transport.
 * Override {@code config()} to run the suite with other settings (event loops, limits); it must not set a
 * downstream, the kit starts its own, and the kit sets the transport. Surefire names each combination's
 * reports by the chain of display names ({@code SyncThreadsMemTest Hostile},
 * {@code SyncThreadsMemTest Operations ActEcho}), so the groups of two combinations in one module do not
 * overwrite each other's reports.
 */
package dev.harness.conformance;
