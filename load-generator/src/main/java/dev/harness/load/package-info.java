/**
 * The load generator: a Connector that establishes connections (SYNC or ASYNC), an event-driven engine
 * that drives them in closed or open loop without coordinated omission, and HdrHistogram recording.
 *
 * <p>Start here: a {@link dev.harness.load.LoadConfig} holds every parameter of a run;
 * {@link dev.harness.load.LoadRunner#run} checks it against the machine ({@link dev.harness.load.Preflight}),
 * connects, holds the connections idle (a caller's {@link dev.harness.load.LoadRunner.IdleHold} measures
 * them there), runs, and returns a {@link dev.harness.load.LoadResult}, which writes {@code summary.json} and
 * {@code histograms.hlog} as a pair ({@code summary.json} last, the marker that both are complete). Nothing here calls {@code System.exit}: the CLI ({@code harness load})
 * and the orchestrator ({@code harness run}) use it as a library.
 *
 * <pre>{@code
 * LoadConfig config = LoadConfig.builder(new InetSocketAddress("127.0.0.1", 9000)).transport(Transport.tcp())
 *         .protocol(Protocol.ACT).workload(Workload.ECHO).connections(100).inflight(16)
 *         .rate(10_000).duration(Duration.ofSeconds(10)).build();
 * LoadResult result = LoadRunner.run(config, ProgressListener.NONE);
 * result.writeTo(Path.of("out"));
 * }</pre>
 *
 * Subpackages: {@code connector} (Acceptor-Connector's Connector), {@code engine} (I/O threads, schedules,
 * the per-connection ACT table), {@code client} (request bytes and response decoders), {@code record}
 * (recorders, interval log, self-costs, JSON).
 */
package dev.harness.load;
