package dev.harness.blocking;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.probe.ThreadLimits;
import dev.harness.server.OutputBudget;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.service.ServiceHandler;
import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread-per-connection server, shared by both thread models: a {@link BlockingAcceptor} thread blocks
 * in {@code accept()} on a {@link Listener} of the configured {@link dev.harness.transport.Transport}, and
 * this server activates each connection on one thread from the model's {@link ThreadFactory}, which runs a
 * {@link BlockingConnection}. {@code sync-threads} passes a platform thread factory and
 * {@code virtual-threads} a virtual one; nothing else differs, and there is no pool of threads. RELAY's
 * downstream is reached over the same transport ({@link BlockingDownstream}).
 *
 * <p>A thread that cannot be created (the OS refuses: {@code unable to create native thread}) costs that
 * connection only: it is closed, the failure is counted ({@link #threadStartFailures()}) and reported once on
 * stderr with the limits that likely caused it ({@link ThreadLimits}), and the acceptor goes on. Shutdown
 * stops accepting, closes idle connections, lets busy ones finish their requests within the grace period,
 * then closes the rest and interrupts their threads.
 *
 * <p>Read buffers are pooled per server ({@link ReadBufferPool}): a connection borrows one only while it
 * has input to decode, so over {@code mem} an idle connection holds none ({@link #readBuffersLent()} counts
 * them), and at most {@value #FREE_READ_BUFFERS} free ones are kept.
 *
 * <p>Header and idle timeouts and the downstream timeout are the {@link BlockingTimeouts}' (one more
 * platform thread per server, {@code timeouts}, none per connection), which also serves the polite
 * {@link BlockingRefusals} of connections over {@code maxConnections} and, while the connections hold more
 * output than the server's {@link OutputBudget}, closes the one that holds most and is stuck in a write.
 */
public final class BlockingServer implements Server {

    private static final int BACKLOG = 4096;
    /** Free read buffers kept for reuse: 2 MiB at most, however many connections there are. */
    private static final int FREE_READ_BUFFERS = 512;

    private final ServerConfig config;
    private final ServiceHandler handler;
    private final ThreadFactory connectionThreads;
    private final ReadBufferPool readBuffers = new ReadBufferPool(FREE_READ_BUFFERS);
    private final OutputBudget outputBudget;
    private final InetSocketAddress address;
    private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allClosed = lock.newCondition();
    private final BlockingAcceptor acceptor;
    private final BlockingRefusals refusals;
    private final BlockingTimeouts timeouts;
    private volatile boolean draining;
    private volatile long threadStartFailures;

    private BlockingServer(ServerConfig config, ServiceHandler handler, ThreadFactory connectionThreads)
            throws IOException {
        this.config = config;
        this.handler = handler;
        this.connectionThreads = connectionThreads;
        this.outputBudget = config.newOutputBudget();
        Listener listener;
        try {
            listener = config.transport().listen(config.host(), config.port(), BACKLOG);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + " over "
                    + config.transport().name() + ": " + e.getMessage(), e);
        }
        this.address = listener.localAddress();
        this.acceptor = new BlockingAcceptor(listener, this::activate);
        this.refusals = new BlockingRefusals(config.refusalMessage());
        this.timeouts = new BlockingTimeouts(connections, refusals, outputBudget, config);
    }

    /** Binds and starts accepting; every connection runs on a thread from {@code connectionThreads}. */
    public static BlockingServer start(ServerConfig config, ServiceHandler handler, ThreadFactory connectionThreads)
            throws IOException {
        BlockingServer server = new BlockingServer(config, handler, connectionThreads);
        server.timeouts.start();
        server.acceptor.start();
        return server;
    }

    /** From the acceptor: a thread of the model's own for the connection, or a refusal over the limit. */
    private void activate(Channel channel) {
        if (connections.size() >= config.maxConnections()) {
            if (refusals.refuse(channel)) {
                timeouts.wake();
            }
            return;
        }
        BlockingConnection connection = new BlockingConnection(this, channel);
        connections.add(connection);
        try {
            connectionThreads.newThread(connection).start();
        } catch (OutOfMemoryError | RuntimeException e) {
            connections.remove(connection);
            closeQuietly(channel);
            if (threadStartFailures++ == 0) {
                System.err.println("cannot start a thread for connection " + (connections.size() + 1) + " over "
                        + config.transport().name() + ": " + e + "; " + ThreadLimits.read().explain(e)
                        + "; raise that limit or serve fewer connections per process. The connection was closed and"
                        + " the server goes on (further failures are counted, not printed)");
            }
        }
    }

    /** Connections refused because the model could not start a thread for them. */
    public long threadStartFailures() {
        return threadStartFailures;
    }

    /** One per idle connection over {@code tcp}, none over {@code mem} (see {@link BlockingConnection}). */
    @Override
    public long readBuffersLent() {
        return readBuffers.lent();
    }

    @Override
    public long heldOutputBytes() {
        return outputBudget.heldBytes();
    }

    ReadBufferPool readBuffers() {
        return readBuffers;
    }

    ServerConfig config() {
        return config;
    }

    /** The bytes all connections hold for output ({@code --max-output-bytes}). */
    OutputBudget outputBudget() {
        return outputBudget;
    }

    ServiceHandler handler() {
        return handler;
    }

    boolean draining() {
        return draining;
    }

    void closed(BlockingConnection connection) {
        connections.remove(connection);
        if (connections.isEmpty()) {
            lock.lock();
            try {
                allClosed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public boolean shutdown(Duration grace) throws InterruptedException {
        draining = true;
        acceptor.stop();
        connections.forEach(BlockingConnection::closeIfIdle);
        boolean inGrace = awaitAllClosed(grace);
        if (!inGrace) {
            connections.forEach(BlockingConnection::forceClose);
            awaitAllClosed(Duration.ofSeconds(10));
        }
        timeouts.stop();
        return inGrace;
    }

    private boolean awaitAllClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                allClosed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                // a connection that finished its batch since the last pass is now idle: close it
                connections.forEach(BlockingConnection::closeIfIdle);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
