package dev.harness.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections as pairs of in-memory pipes inside one JVM: the transport that lets a million connections
 * exist on a machine whose kernel allows 20,000 open files per process.
 *
 * <p>What it keeps, for every model alike: each connection is still a pair of endpoints with bounded
 * buffers ({@value MemPipe#CAPACITY_BYTES} bytes per direction) and back-pressure; a thread in blocking mode
 * still blocks in its read (a platform thread parks in the kernel on a futex and is switched out; a virtual
 * thread unmounts and its carrier runs another); an event loop still waits in a poller and is woken by a
 * hand-off from the thread that made a connection ready; every byte is still copied once into the pipe and
 * once out of it; threads, parking, wake-ups and memory per connection are the servers' own.
 *
 * <p>What it removes: the kernel's sockets and everything they cost — file descriptors, socket buffers,
 * TCP/IP processing, system calls for read, write and epoll, loopback's softirq work — and the separate
 * processes: server and generator share one JVM, its heap and its garbage collector. A connect completes
 * at once (no handshake) and the accept queue is unbounded. Addresses are 127.0.0.1:port in name only: a
 * port is a key in this JVM's table of listeners.
 *
 * <p>A <b>link delay</b> ({@link #setLinkDelay}, off by default) puts a long link back where a test needs
 * one: a connect then completes a round trip (twice the delay) after it was initiated, and bytes written
 * become readable at the other end the delay later, still counted against the pipe's capacity while in
 * flight. One daemon thread, {@code mem-link}, wakes the waiting side when a delay ends. The delay applies to
 * connections opened after it is set, and to every connection of the JVM alike.
 */
public final class MemTransport implements Transport {

    static final MemTransport INSTANCE = new MemTransport();
    private static final int FIRST_EPHEMERAL_PORT = 20_000;

    private final ConcurrentHashMap<Integer, MemListener> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(FIRST_EPHEMERAL_PORT);
    private volatile long linkDelayNanos;
    private volatile ScheduledExecutorService link;

    private MemTransport() {
    }

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public Listener listen(String host, int port, int backlog) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (port != 0) {
            return bind(port);
        }
        for (int attempt = 0; attempt < 65536; attempt++) {
            int candidate = FIRST_EPHEMERAL_PORT + Math.floorMod(nextPort.getAndIncrement() - FIRST_EPHEMERAL_PORT,
                    65536 - FIRST_EPHEMERAL_PORT);
            if (!listeners.containsKey(candidate)) {
                try {
                    return bind(candidate);
                } catch (BindException taken) {
                    // another thread took it between the check and the bind: try the next one
                }
            }
        }
        throw new BindException("no free mem port: every port from " + FIRST_EPHEMERAL_PORT + " is listening");
    }

    private MemListener bind(int port) throws BindException {
        MemListener listener = new MemListener(port, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        if (listeners.putIfAbsent(port, listener) != null) {
            throw new BindException("Address already in use: mem port " + port);
        }
        return listener;
    }

    /**
     * Sets the one-way delay of every mem connection opened from now on in this JVM: a connect costs twice
     * this, a byte written is readable this much later. {@link Duration#ZERO} (the default) for none.
     */
    public static void setLinkDelay(Duration oneWay) {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("the link delay cannot be negative, got " + oneWay);
        }
        INSTANCE.linkDelayNanos = oneWay.toNanos();
    }

    /** The one-way delay of connections opened now; 0 for none. */
    long linkDelayNanos() {
        return linkDelayNanos;
    }

    /** Runs {@code task} on the {@code mem-link} thread {@code nanos} from now: the end of a delay. */
    void afterDelay(Runnable task, long nanos) {
        ScheduledExecutorService executor = link;
        if (executor == null) {
            synchronized (this) {
                if (link == null) {
                    link = Executors.newSingleThreadScheduledExecutor(
                            r -> Thread.ofPlatform().daemon(true).name("mem-link").unstarted(r));
                }
                executor = link;
            }
        }
        executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    MemListener listener(int port) {
        return listeners.get(port);
    }

    void unbind(MemListener listener) {
        listeners.remove(listener.port(), listener);
    }

    @Override
    public Channel open() {
        return new MemChannel();
    }

    @Override
    public Poller openPoller() {
        return new MemPoller();
    }

    @Override
    public String toString() {
        return name();
    }
}
