/**
 * The conformance kit, published in service-api's test-jar: {@link dev.harness.conformance.ServerContractTest}
 * checks a server model against {@code PROTOCOL.md} over real loopback TCP, and every model runs it through a
 * thin subclass that returns its {@code ServerFactory}.
 *
 * <p>The kit has its own raw clients — {@link dev.harness.conformance.ActTestClient} for ACT frames and
 * {@link dev.harness.conformance.HttpTestClient} for HTTP/1.1 — that build and parse bytes themselves, so a bug
 * in the project's codecs cannot hide behind the same bug in the test. {@link dev.harness.conformance.Wire}
 * holds the assertions and request builders, {@link dev.harness.conformance.OwnProcessProbe} counts the test
 * JVM's file descriptors and platform threads for the leak checks.
 *
 * <p>To add a model: depend on the {@code service-api} test-jar (scope test) and write
 * <pre>{@code
 * class MyModelContractTest extends ServerContractTest {
 *     @Override
 *     protected ServerFactory factory() {
 *         return new MyModelServerFactory();
 *     }
 * }
 * }</pre>
 * Override {@code config()} to run the suite with other settings (event loops, limits); it must not set a
 * downstream, the kit starts its own.
 */
package dev.harness.conformance;
