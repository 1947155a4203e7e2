package dev.harness.proactor.server;

import dev.harness.proactor.Acceptor;
import dev.harness.proactor.Handler;
import dev.harness.proactor.Proactor;
import dev.harness.server.OutputBudget;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.service.Limits;
import dev.harness.service.ServiceHandler;
import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code proactor-act} server: {@link ServerConfig#resolvedEventLoops()} threads, each a
 * {@link Proactor} named {@code proactor-N}, and nothing else — no acceptor thread (the asynchronous
 * {@link Acceptor} completes on {@code proactor-0} and deals connections out round robin), no thread per
 * connection, no pool for blocking work. Every connection is a {@link ProactorConnection} confined to its
 * loop. The listener, the client connections and RELAY's downstream connection all belong to
 * {@link ServerConfig#transport()}: the same code runs over the kernel's TCP and over in-memory pipes.
 *
 * <p>The trade-off this model shows: a connection costs a few small objects instead of a thread (the module
 * README lists them, measured), waits and downstream calls cost a timer and a table slot, and answers may
 * leave out of order; but WORK's {@code cpu_us} burns on the loop thread, so while one request burns, every
 * other connection of that loop waits. Blocking nowhere is the contract that makes that bearable.
 *
 * <p>Header and idle timeouts are checked by a timer on each loop ({@link ProactorTimeouts}), every
 * {@link ServerConfig#timeoutCheckIntervalNanos()}: no thread of their own; the same check enforces the
 * server's {@link OutputBudget} on the loop's connections. A connection over
 * {@code maxConnections} gets a {@link ProactorRefusal} instead of a {@link ProactorConnection}.
 *
 * <p>Shutdown: stop accepting; connections with nothing in flight close at once, the others once answered,
 * within the grace period; then everything is closed and the loop threads end before
 * {@link #shutdown} returns.
 */
public final class ProactorActServer implements Server {

    /** Pooled read buffer size: requests larger than this get a buffer of their own while they arrive. */
    static final int READ_BUFFER_BYTES = 8 * 1024;
    /**
     * Free read buffers a loop keeps, and the most reads one round performs into them (every read of a
     * round holds its buffer until the round's completions are dispatched): as many as the JDK's epoll
     * selector reports in one round over tcp (1,024 events); over mem, a round that finds more connections
     * readable reads the rest in the next rounds. Fewer would allocate (and zero) direct buffers in every
     * busy round; the pool only holds what a burst needed, at most 8 MiB per loop.
     */
    static final int FREE_READ_BUFFERS = 1024;
    /** Connections the listener queues before they are accepted (tcp; the mem transport's queue is unbounded). */
    static final int BACKLOG = 4096;
    /** Outstanding RELAY calls per loop (the ACT table's bound). */
    static final int RELAY_TABLE_CAPACITY = 16 * 1024;

    private final ServerConfig config;
    private final ServiceHandler handler;
    private final Listener listener;
    private final InetSocketAddress address;
    private final EventLoop[] loops;
    private final Acceptor acceptor;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final String refusalMessage;
    private final long outputCutOffBytes;
    private final OutputBudget outputBudget;
    private volatile boolean draining;
    private boolean shutDown;

    private ProactorActServer(ServerConfig config, ServiceHandler handler, int relayTableCapacity) throws IOException {
        this.config = config;
        this.handler = handler;
        this.refusalMessage = config.refusalMessage();
        Limits limits = config.limits();
        long largestAnswer = Math.max(Math.max(limits.maxPayloadBytes(), limits.maxReplyBytes()), limits.maxEventBytes());
        this.outputCutOffBytes = 2L * limits.maxPendingOutputBytes() + 2L * largestAnswer;
        this.outputBudget = config.newOutputBudget();
        int n = config.resolvedEventLoops();
        this.loops = new EventLoop[n];
        Proactor[] proactors = new Proactor[n];
        Listener l;
        try {
            l = config.transport().listen(config.host(), config.port(), BACKLOG);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + " over "
                    + config.transport().name() + ": " + e.getMessage(), e);
        }
        try {
            l.configureBlocking(false);
            for (int i = 0; i < n; i++) {
                proactors[i] = new Proactor("proactor-" + i, config.transport(), READ_BUFFER_BYTES, FREE_READ_BUFFERS);
                loops[i] = new EventLoop(this, proactors[i], config.transport(), config.downstream().orElse(null),
                        relayTableCapacity, config.downstreamTimeout(), config.limits());
            }
        } catch (IOException e) {
            l.close();
            throw new IOException("cannot start the event loops over " + config.transport().name() + ": "
                    + e.getMessage(), e);
        }
        this.listener = l;
        this.address = l.localAddress();
        this.acceptor = new Acceptor(proactors[0], l, proactors, this::newConnection);
    }

    /** Binds, starts the loops and the acceptor; returns once the server answers. */
    public static ProactorActServer start(ServerConfig config, ServiceHandler handler) throws IOException {
        return start(config, handler, RELAY_TABLE_CAPACITY);
    }

    /** As {@link #start(ServerConfig, ServiceHandler)}, with a RELAY table of {@code relayTableCapacity} per loop. */
    public static ProactorActServer start(ServerConfig config, ServiceHandler handler, int relayTableCapacity)
            throws IOException {
        ProactorActServer server = new ProactorActServer(config, handler, relayTableCapacity);
        for (EventLoop loop : server.loops) {
            loop.proactor().start();
            loop.proactor().execute(() -> loop.timeouts().start(config.timeoutCheckIntervalNanos()));
        }
        server.acceptor.open();
        return server;
    }

    private Handler newConnection(Proactor proactor, Channel channel) {
        if (openConnections.get() >= config.maxConnections()) {
            return new ProactorRefusal(proactor, channel, refusalMessage);
        }
        EventLoop loop = null;
        for (EventLoop candidate : loops) {
            if (candidate.proactor() == proactor) {
                loop = candidate;
            }
        }
        openConnections.incrementAndGet();
        return new ProactorConnection(loop, channel);
    }

    ServerConfig config() {
        return config;
    }

    ServiceHandler serviceHandler() {
        return handler;
    }

    /**
     * Pending output past which a connection is cut off: twice the back-pressure limit plus two of the
     * largest answers (see {@link ProactorConnection}). Kept here, not per connection.
     */
    long outputCutOffBytes() {
        return outputCutOffBytes;
    }

    /** The bytes all connections of all loops hold for output ({@code --max-output-bytes}). */
    OutputBudget outputBudget() {
        return outputBudget;
    }

    boolean draining() {
        return draining;
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public int openConnections() {
        return openConnections.get();
    }

    /** Event-loop threads. */
    public int loops() {
        return loops.length;
    }

    /**
     * The most output any one connection has had waiting to be written at once, since the start: the
     * back-pressure probe (it stays within {@code maxPendingOutputBytes} plus one answer).
     */
    public int pendingOutputHighWaterBytes() {
        int max = 0;
        for (EventLoop loop : loops) {
            max = Math.max(max, loop.pendingOutputHighWaterBytes());
        }
        return max;
    }

    /**
     * Pooled read buffers lent out, per loop ({@link Proactor#buffersLent()}): what the connections of each
     * loop hold for partial requests. Zero on every loop while every connection is idle.
     */
    public List<Integer> readBuffersLentPerLoop() throws InterruptedException {
        List<Integer> lent = new ArrayList<>(loops.length);
        for (EventLoop loop : loops) {
            lent.add(await(loop.proactor().query(loop.proactor()::buffersLent)));
        }
        return lent;
    }

    @Override
    public long readBuffersLent() throws InterruptedException {
        long sum = 0;
        for (int lent : readBuffersLentPerLoop()) {
            sum += lent;
        }
        return sum;
    }

    @Override
    public long heldOutputBytes() {
        return outputBudget.heldBytes();
    }

    /** Downstream answers rejected because their ACT was stale or forged, over all loops. */
    public long rejectedDownstreamAnswers() throws InterruptedException {
        long sum = 0;
        for (EventLoop loop : loops) {
            if (loop.downstream() != null) {
                sum += await(loop.proactor().query(loop.downstream()::rejectedAnswers));
            }
        }
        return sum;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("event loop did not answer: " + e, e);
        }
    }

    @Override
    public synchronized boolean shutdown(Duration grace) throws InterruptedException {
        if (shutDown) {
            return true;
        }
        shutDown = true;
        draining = true;
        acceptor.close();
        for (EventLoop loop : loops) {
            loop.proactor().execute(loop::drain);
        }
        boolean inGrace = awaitNoConnections(System.nanoTime() + grace.toNanos());
        for (EventLoop loop : loops) {
            loop.proactor().execute(loop::closeAll);
        }
        awaitNoConnections(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        for (EventLoop loop : loops) {
            loop.proactor().stop();
        }
        for (EventLoop loop : loops) {
            loop.proactor().awaitTermination(30, TimeUnit.SECONDS);
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed by the acceptor already
        }
        return inGrace;
    }

    private boolean awaitNoConnections(long deadlineNanos) throws InterruptedException {
        while (openConnections.get() > 0) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
