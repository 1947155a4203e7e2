package dev.harness.blocking;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.service.ServiceHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread-per-connection server, shared by both thread models: an Acceptor thread (named
 * {@code acceptor}) blocks in {@code accept()} and starts one thread per connection from the model's
 * {@link ThreadFactory}, which runs a {@link BlockingConnection}. {@code sync-threads} passes a platform
 * thread factory and {@code virtual-threads} a virtual one; nothing else differs, and there is no pool.
 *
 * <p>A thread that cannot be created (the OS refuses: {@code unable to create native thread}) costs that
 * connection only: it is closed, the failure is counted and reported once on stderr, and the acceptor goes
 * on. Shutdown stops accepting, closes idle connections, lets busy ones finish their requests within the
 * grace period, then closes the rest and interrupts their threads.
 *
 * <p>Header and idle timeouts, and the polite refusal of connections over {@code maxConnections}, are the
 * {@link Watchdog}'s: one more platform thread per server ({@code timeouts}), none per connection.
 */
public final class BlockingServer implements Server {

    private static final System.Logger LOG = System.getLogger(BlockingServer.class.getName());

    private final ServerConfig config;
    private final ServiceHandler handler;
    private final ThreadFactory connectionThreads;
    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allClosed = lock.newCondition();
    private final Thread acceptor;
    private final Watchdog watchdog;
    private volatile boolean draining;
    private volatile long threadStartFailures;

    private BlockingServer(ServerConfig config, ServiceHandler handler, ThreadFactory connectionThreads)
            throws IOException {
        this.config = config;
        this.handler = handler;
        this.connectionThreads = connectionThreads;
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), 4096);
            this.address = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        this.acceptor = Thread.ofPlatform().name("acceptor").daemon(true).unstarted(this::acceptLoop);
        this.watchdog = new Watchdog(connections, config);
    }

    /** Binds and starts accepting; every connection runs on a thread from {@code connectionThreads}. */
    public static BlockingServer start(ServerConfig config, ServiceHandler handler, ThreadFactory connectionThreads)
            throws IOException {
        BlockingServer server = new BlockingServer(config, handler, connectionThreads);
        server.watchdog.start();
        server.acceptor.start();
        return server;
    }

    private void acceptLoop() {
        while (!draining) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // e.g. EMFILE, out of file descriptors: the connection waits in the backlog; try again shortly
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                pause();
                continue;
            }
            startConnection(channel);
        }
    }

    private void startConnection(SocketChannel channel) {
        if (connections.size() >= config.maxConnections()) {
            watchdog.refuse(channel);
            return;
        }
        BlockingConnection connection;
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new BlockingConnection(this, channel, handler, config);
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        connections.add(connection);
        try {
            connectionThreads.newThread(connection).start();
        } catch (OutOfMemoryError | RuntimeException e) {
            connections.remove(connection);
            closeQuietly(channel);
            if (threadStartFailures++ == 0) {
                System.err.println("cannot start a thread for connection " + (connections.size() + 1)
                        + ": " + e + " (the OS limits threads: see ulimit -u, kernel.pid_max, kernel.threads-max)");
            }
        }
    }

    /** Connections refused because the model could not start a thread for them. */
    public long threadStartFailures() {
        return threadStartFailures;
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
        closeQuietly(listener);
        acceptor.join();
        connections.forEach(BlockingConnection::closeIfIdle);
        boolean inGrace = awaitAllClosed(grace);
        if (!inGrace) {
            connections.forEach(BlockingConnection::forceClose);
            awaitAllClosed(Duration.ofSeconds(10));
        }
        watchdog.stop();
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

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to release beyond what close already did
        }
    }
}
