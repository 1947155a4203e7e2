package dev.harness.load.connector;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Poller;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Establishes {@code count} connections to one target over a {@link Transport}, synchronously or
 * asynchronously (see the package documentation), and returns the connected channels in non-blocking mode
 * for the engine.
 *
 * <p>Guarantees: every channel it opens is either returned connected or closed; connect times (initiation
 * to completion, nanoseconds) go to the recorder it was given, from the thread that calls
 * {@link #connect}; a connect that neither completes nor fails within the timeout counts as failed.
 * Costs: SYNC holds one connect in flight; ASYNC holds up to {@code maxInFlight}, on one {@link Poller}.
 * A transport whose connects complete at once (mem) never makes either wait on the poller.
 */
public final class Connector {

    /** The connection-establishment strategy. */
    public enum Mode {
        /** One connect at a time: the caller waits for each to complete before initiating the next. */
        SYNC,
        /** Many non-blocking connects in flight, completions matched by their ACT. */
        ASYNC
    }

    /**
     * @param channels       the connected channels, non-blocking, in the order they completed
     * @param failed         connects that failed or timed out
     * @param firstFailure   what the first failure said, or null
     * @param elapsedNanos   time from the first initiation to the last completion
     */
    public record Outcome(List<Channel> channels, int failed, String firstFailure, long elapsedNanos) {
    }

    private final Mode mode;
    private final Transport transport;
    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final long gapNanos;
    private final int maxInFlight;
    private final long timeoutNanos;
    private final SingleWriterRecorder connectNanos;
    private final BooleanSupplier stop;
    private volatile int connectedSoFar;

    /**
     * @param sources      local addresses to bind, connection {@code i} to {@code sources[i % size]}; empty: the
     *                     system's choice
     * @param connectRate  initiations per second at most; 0 for no limit
     * @param maxInFlight  ASYNC: connects pending at once at most
     * @param stop         checked between connects: true ends connecting, with what is connected so far
     */
    public Connector(Mode mode, Transport transport, InetSocketAddress target, List<InetAddress> sources,
                     double connectRate, int maxInFlight, Duration timeout,
                     SingleWriterRecorder connectNanos, BooleanSupplier stop) {
        this.mode = mode;
        this.transport = transport;
        this.target = target;
        this.sources = List.copyOf(sources);
        this.gapNanos = connectRate > 0 ? (long) (1e9 / connectRate) : 0;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.timeoutNanos = timeout.toNanos();
        this.connectNanos = connectNanos;
        this.stop = stop;
    }

    public Outcome connect(int count) {
        return mode == Mode.SYNC ? connectSync(count) : connectAsync(count);
    }

    /** Connections established so far by the {@link #connect} under way; any thread, for progress lines. */
    public int connectedSoFar() {
        return connectedSoFar;
    }

    /**
     * The source address that {@code channel}, opened here, is bound to, for {@link #reopen}; null when no
     * source address is configured (the system chose). Call while the channel is open.
     */
    public InetAddress sourceOf(Channel channel) {
        return sources.isEmpty() ? null : channel.localAddress().getAddress();
    }

    /**
     * Opens one more channel to the target, non-blocking, bound to {@code source} (null: the system's choice),
     * and initiates its connect, without waiting: for an engine that reopens, on its own thread, a connection
     * the server closed. The caller completes the connect with {@link Channel#finishConnect()} (true at once
     * when it completed already) and closes the channel on failure; it is not counted in the connect times.
     */
    public Channel reopen(InetAddress source) throws IOException {
        Channel channel = open(source);
        try {
            channel.connect(target);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A new non-blocking channel, bound to the source address of connection {@code i}. */
    private Channel open(int i) throws IOException {
        return open(sources.isEmpty() ? null : sources.get(i % sources.size()));
    }

    private Channel open(InetAddress source) throws IOException {
        Channel channel = transport.open();
        try {
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Waits until initiation {@code i} may start under the connect rate. */
    private void pace(long start, int i) {
        if (gapNanos > 0) {
            long due = start + i * gapNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !stop.getAsBoolean()) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void completed(List<Channel> connected, Channel channel, long startedNanos) {
        connectNanos.recordValue(System.nanoTime() - startedNanos);
        connected.add(channel);
        connectedSoFar = connected.size();
    }

    /**
     * One connect at a time: initiate, then wait (on a poller, at most the timeout) for that connect alone to
     * complete. The wait goes through a poller rather than a blocking connect so that the timeout holds on
     * every transport.
     */
    private Outcome connectSync(int count) {
        List<Channel> connected = new ArrayList<>(count);
        Failures failures = new Failures();
        long start = System.nanoTime();
        try (Poller poller = transport.openPoller()) {
            for (int i = 0; i < count && !stop.getAsBoolean(); i++) {
                pace(start, i);
                Channel channel = null;
                try {
                    channel = open(i);
                    long t0 = System.nanoTime();
                    if (channel.connect(target) || awaitConnect(poller, channel, t0)) {
                        completed(connected, channel, t0);
                    } else {
                        failures.add("connect timed out after " + timeoutNanos / 1_000_000 + " ms");
                        closeQuietly(channel);
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                    closeQuietly(channel);
                }
            }
        } catch (IOException e) {
            failures.pollerFailed(e, count - connected.size());
        }
        return new Outcome(connected, failures.count, failures.first, System.nanoTime() - start);
    }

    /** Waits for the pending connect of {@code channel}; true when it completed, false on timeout or stop. */
    private boolean awaitConnect(Poller poller, Channel channel, long startedNanos) throws IOException {
        Key key = channel.register(poller, Key.OP_CONNECT, null);
        try {
            long left;
            while ((left = startedNanos + timeoutNanos - System.nanoTime()) > 0 && !stop.getAsBoolean()) {
                poller.select(k -> { }, Math.max(1, Math.min(100, left / 1_000_000)));
                if (channel.finishConnect()) {
                    return true;
                }
            }
            return false;
        } finally {
            key.cancel();
            poller.selectNow(k -> { });      // flush the cancelled key so the channel can join another poller
        }
    }

    private Outcome connectAsync(int count) {
        List<Channel> connected = new ArrayList<>(count);
        Failures failures = new Failures();
        // the pending-connect table: slot index = the ACT carried by the key
        Channel[] pending = new Channel[maxInFlight];
        long[] startedAt = new long[maxInFlight];
        Integer[] acts = new Integer[maxInFlight];
        int[] freeSlots = new int[maxInFlight];
        int freeCount = maxInFlight;
        for (int i = 0; i < maxInFlight; i++) {
            acts[i] = i;
            freeSlots[i] = maxInFlight - 1 - i;
        }
        int[] unregistered = new int[maxInFlight];
        int unregisteredCount = 0;
        int initiated = 0;
        int inFlight = 0;
        long start = System.nanoTime();
        try (Poller poller = transport.openPoller()) {
            List<Key> done = new ArrayList<>();
            while ((initiated < count || inFlight > 0) && !stop.getAsBoolean()) {
                long now = System.nanoTime();
                while (initiated < count && freeCount > 0 && (gapNanos == 0 || now >= start + initiated * gapNanos)) {
                    int slot = freeSlots[--freeCount];
                    Channel channel = null;
                    try {
                        channel = open(initiated);
                        startedAt[slot] = System.nanoTime();
                        if (channel.connect(target)) {
                            completed(connected, channel, startedAt[slot]);
                            freeSlots[freeCount++] = slot;
                        } else {
                            pending[slot] = channel;
                            unregistered[unregisteredCount++] = slot;
                            inFlight++;
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.add(e);
                        closeQuietly(channel);
                        freeSlots[freeCount++] = slot;
                    }
                    initiated++;
                    if ((initiated & 1023) == 0 && stop.getAsBoolean()) {
                        break;
                    }
                }
                // Connects initiated in this batch that have completed meanwhile (on a short round trip, most)
                // complete here by their ACT without a trip through the poller; the others register with it.
                for (int u = 0; u < unregisteredCount; u++) {
                    int slot = unregistered[u];
                    Channel channel = pending[slot];
                    try {
                        if (channel.finishConnect()) {
                            completed(connected, channel, startedAt[slot]);
                            pending[slot] = null;
                            freeSlots[freeCount++] = slot;
                            inFlight--;
                        } else {
                            channel.register(poller, Key.OP_CONNECT, acts[slot]);
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.add(e);
                        closeQuietly(channel);
                        pending[slot] = null;
                        freeSlots[freeCount++] = slot;
                        inFlight--;
                    }
                }
                unregisteredCount = 0;
                long waitMillis = 100;
                if (initiated < count && gapNanos > 0) {
                    waitMillis = Math.max(1, (start + initiated * gapNanos - System.nanoTime()) / 1_000_000);
                }
                if (inFlight == 0) {
                    if (initiated < count && gapNanos > 0) {
                        LockSupport.parkNanos(waitMillis * 1_000_000);
                    }
                    continue;
                }
                done.clear();
                if (initiated < count && freeCount > 0 && gapNanos == 0) {
                    poller.selectNow(done::add);          // more to initiate: do not wait
                } else {
                    poller.select(done::add, Math.min(waitMillis, 100));
                }
                for (Key key : done) {
                    int slot = (Integer) key.attachment();      // the ACT: O(1) to the pending connect
                    Channel channel = pending[slot];
                    key.cancel();
                    pending[slot] = null;
                    freeSlots[freeCount++] = slot;
                    inFlight--;
                    try {
                        if (channel.finishConnect()) {
                            completed(connected, channel, startedAt[slot]);
                        } else {
                            failures.add("connect did not complete when ready");
                            closeQuietly(channel);
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.add(e);
                        closeQuietly(channel);
                    }
                }
                now = System.nanoTime();
                for (int slot = 0; slot < maxInFlight && inFlight > 0; slot++) {
                    if (pending[slot] != null && now - startedAt[slot] > timeoutNanos) {
                        failures.add("connect timed out after " + timeoutNanos / 1_000_000 + " ms");
                        closeQuietly(pending[slot]);
                        pending[slot] = null;
                        freeSlots[freeCount++] = slot;
                        inFlight--;
                    }
                }
            }
            poller.selectNow(k -> { });   // flush cancelled keys so the channels can move to the engine
        } catch (IOException e) {
            failures.pollerFailed(e, count - connected.size());
        } finally {
            for (Channel channel : pending) {
                closeQuietly(channel);
            }
        }
        return new Outcome(connected, failures.count, failures.first, System.nanoTime() - start);
    }

    /** The failures of one {@link #connect}: how many, and what the first said. */
    private static final class Failures {
        int count;
        String first;

        void add(Exception e) {
            add(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }

        void add(String what) {
            count++;
            if (first == null) {
                first = what;
            }
        }

        /** The poller itself failed: every connect not completed counts as failed. */
        void pollerFailed(IOException e, int notConnected) {
            add(e);
            count = Math.max(count, notConnected);
        }
    }
}
