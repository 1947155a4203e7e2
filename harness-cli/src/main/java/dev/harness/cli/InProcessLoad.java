package dev.harness.cli;

import dev.harness.cli.measure.BlockingPoolThreads;
import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.measure.LoopBlockedTime;
import dev.harness.cli.measure.MemoryProbe;
import dev.harness.cli.measure.ServerReport;
import dev.harness.cli.measure.Settle;
import dev.harness.cli.measure.ThreadGroupCosts;
import dev.harness.cli.measure.ThreadGroups;
import dev.harness.cli.measure.TransportBaseline;
import dev.harness.load.LoadConfig;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import dev.harness.server.LoopBlocking;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The body of {@code harness load --transport mem --server NAME}: one server model started in this JVM over
 * the mem transport, driven by the generator in the same JVM, then shut down. Its summary is the generator's
 * with a {@code server} object ({@link ServerReport.OverMem}) whose costs are attributed per thread group
 * ({@link ThreadGroups}: the server's threads, the generator's {@code load-io-*}, the JVM's own) over the
 * measurement window.
 *
 * <p>With a hold ({@code --hold D}), once all connections are open and the server has taken them
 * ({@link Settle}), they are held idle for D and the server's memory per connection is read before any
 * request ({@code server.memory}): the JVM's heap after a full collection and its RSS, before the connections
 * and while they are held, less the transport's own share measured beforehand with a listener that only
 * accepts ({@link TransportBaseline}); and the server's threads. The requests follow.
 *
 * <p>Costs: the server's threads and heap are this JVM's, so run it in a JVM sized for the connections
 * ({@code harness run --transport mem} does). A server thread that dies of an error is reported on stderr by
 * the server's own code and shows in the summary as connections lost.
 */
final class InProcessLoad implements AutoCloseable {

    /**
     * @param result what the generator measured
     * @param server the {@code server} object its summary gets
     */
    record Outcome(LoadResult result, ServerReport.OverMem server) {
    }

    private final ServerFactory factory;
    private final Server server;
    private final Duration hold;
    private final ProgressListener progress;
    private volatile LoadRunner runner;
    private volatile boolean stopped;

    private InProcessLoad(ServerFactory factory, Server server, Duration hold, ProgressListener progress) {
        this.factory = factory;
        this.server = server;
        this.hold = hold;
        this.progress = progress;
    }

    /**
     * Starts the server in this JVM over mem.
     *
     * @param serverConfig the server's configuration; its transport and port are replaced (mem, port 0)
     * @param hold         how long to hold the connections idle before the requests, reading memory per
     *                     connection; null for a plain load
     * @throws IOException when the server cannot start
     */
    static InProcessLoad start(ServerFactory factory, ServerConfig serverConfig, Duration hold, ProgressListener progress)
            throws IOException {
        Server server = factory.start(serverConfig.withTransport(Transport.mem()).withPort(0));
        return new InProcessLoad(factory, server, hold, progress);
    }

    /** Stops the load under way (Ctrl-C): the result is written, marked partial. */
    void stop() {
        stopped = true;
        LoadRunner r = runner;
        if (r != null) {
            r.stop();
        }
    }

    /** How long the server's event loops have been blocked so far; null when interrupted. */
    private List<LoopBlocking> loopBlocking() {
        try {
            return server.loopBlocking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs the load that {@code loadConfig} makes for the server's address; the server keeps running (its
     * results are written before {@link #close()} takes it down, which at a million connections takes a while).
     *
     * @throws IOException   when the transport's baseline cannot be measured
     * @throws LoadException when the load cannot run (the generator's preflight or connect failed)
     */
    Outcome run(Function<InetSocketAddress, LoadConfig> loadConfig) throws IOException, LoadException, InterruptedException {
        LoadConfig config = loadConfig.apply(server.address());
        Held held = hold == null ? null : new Held(config.ownConnections());
        ThreadGroups[] window = new ThreadGroups[2];
        Integer[] poolThreads = new Integer[1];
        List<List<LoopBlocking>> loops = new ArrayList<>(List.of(List.of(), List.of()));
        LoadRunner r = new LoadRunner(config, progress, new LoadRunner.WindowListener() {
            @Override
            public void opened() {
                window[0] = ThreadGroups.read();
                loops.set(0, loopBlocking());
            }

            @Override
            public void closed() {
                window[1] = ThreadGroups.read();
                poolThreads[0] = BlockingPoolThreads.count(ProcessHandle.current().pid());
                loops.set(1, loopBlocking());
            }
        }, held == null ? LoadRunner.IdleHold.NONE : held::hold);
        runner = r;
        if (stopped) {
            r.stop();
        }
        try {
            LoadResult result = r.run();
            ThreadGroupCosts groups = window[0] != null && window[1] != null
                    ? window[1].since(window[0], result.completedInWindow()) : null;
            return new Outcome(result, new ServerReport.OverMem(factory.name(), ProcessHandle.current().pid(),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(), groups, held != null,
                    held == null ? null : held.memory, null, LoopBlockedTime.between(loops.get(0), loops.get(1)),
                    poolThreads[0]));
        } finally {
            runner = null;
        }
    }

    /** Shuts the server down: up to five seconds for requests in flight, then every connection is closed. */
    @Override
    public void close() throws InterruptedException {
        server.shutdown(Duration.ofSeconds(5));
    }

    /** The lines {@code harness load} prints after the generator's summary. */
    static String humanSummary(ServerReport.OverMem server) {
        StringBuilder b = new StringBuilder();
        if (server.threadGroups() != null) {
            b.append(String.format("  server       %s in this JVM over mem; per thread group in the window:%n", server.name()));
            for (ThreadGroups.Group group : ThreadGroups.Group.values()) {
                ThreadGroupCosts.PerGroup g = server.threadGroups().get(group);
                b.append(String.format("    %-10s %s threads, %s ms CPU, %s context switches (%s us CPU, %s per request)%n",
                        group.jsonName(), g.threads(), g.cpuMillis(), g.ctxSwitches(), g.cpuMicrosPerRequest(),
                        g.ctxSwitchesPerRequest()));
            }
        }
        IdleMemory m = server.memory();
        if (m != null) {
            b.append(String.format("  held idle    %s connections: heap %s B/connection (the JVM's %s less the transport's %s),"
                            + " RSS %s B/connection, %s server threads%n", m.connectionsHeld(), m.heapBytesPerConnection(),
                    m.inProcess().jvmHeapBytesPerConnection(), m.inProcess().transportBaseline().heapBytesPerConnection(),
                    m.rssBytesPerConnection(), m.threads()));
        }
        return b.toString();
    }

    /** The hold: the readings before the connections and while they are held idle. */
    private final class Held {
        private final MemoryProbe probe = new MemoryProbe.InProcess();
        private final TransportBaseline baseline;
        private final MemoryProbe.Reading before;
        private volatile IdleMemory memory;

        Held(int connections) throws IOException, InterruptedException {
            this.baseline = TransportBaseline.measure(connections);
            this.before = probe.read();
        }

        /** Called once every connection is open and idle: holds them, then reads. */
        void hold(LoadRunner.Connected connected) throws InterruptedException {
            long settleMillis = Settle.await(server::openConnections, connected.opened(), Settle.limitFor(connected.opened()));
            Thread.sleep(hold);
            memory = probe.memory(before, probe.read(), server.openConnections(), settleMillis)
                    .lessTransport(baseline, connected.opened());
        }
    }
}
