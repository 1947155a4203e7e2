/**
 * JMH benchmarks, one class per trade-off of docs/design.md, each opening with the claim it tests, the words
 * of POSA2 it comes from, and why its comparison is fair:
 *
 * <ul>
 *   <li>{@link dev.harness.bench.ActDemultiplexing}: a completion finds its operation's state by pointer ACT,
 *       index ACT (with and without the authentication check), HashMap or table search, at 10 to 1,000,000
 *       outstanding operations (claims 3 and 4);
 *   <li>{@link dev.harness.bench.HandOff}: a round trip between two platform threads, two virtual threads, or
 *       two callbacks on one event loop (claims 1 to 3);
 *   <li>{@link dev.harness.bench.ThreadStart}: starting and joining a platform against a virtual thread
 *       (claims 1 and 2);
 *   <li>{@link dev.harness.bench.Codecs}: decoding and encoding ACT frames and HTTP requests, with
 *       {@code -prof gc} for the bytes allocated per request (claim 3);
 *   <li>{@link dev.harness.bench.ParkedThreadMemory}: not a JMH benchmark but a program that measures the
 *       memory a parked platform or virtual thread holds (claims 1 and 2).
 * </ul>
 *
 * <p>Run them through the launcher, which builds {@code benchmarks/target/benchmarks.jar} when it is older
 * than the sources and writes {@code results/jmh/<UTC time>-<name>/jmh.json} and {@code meta.json}
 * ({@link dev.harness.bench.BenchMeta}):
 *
 * <pre>{@code
 * ./harness bench                          # everything, with the defaults of the annotations
 * ./harness bench ActDemultiplexing        # a regular expression over benchmark names
 * ./harness bench Codecs -prof gc          # any JMH option after it: bytes allocated per operation
 * ./harness bench --smoke                  # every benchmark once, briefly: proves they run
 * java -jar benchmarks/target/benchmarks.jar -h   # JMH's own options
 * }</pre>
 *
 * <p>The defaults (one fork, 3 warm-up and 5 measured iterations of 1 s) favour a bounded run on a small
 * machine over tight error bars; pass {@code -f 3} or more for figures to publish. A claim is a ratio of two
 * methods of one class measured in one run, never one time on its own.
 */
package dev.harness.bench;
