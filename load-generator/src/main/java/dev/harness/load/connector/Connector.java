package dev.harness.load.connector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Establishes {@code count} TCP connections to one target, synchronously or asynchronously (see the
 * package documentation), and returns the connected channels in blocking-free state for the engine.
 *
 * <p>Guarantees: every channel it opens is either returned connected or closed; connect times (initiation
 * to completion, nanoseconds) go to the recorder it was given, from the thread that calls
 * {@link #connect}; a connect that neither completes nor fails within the timeout counts as failed.
 * Costs: SYNC holds one socket in flight; ASYNC holds up to {@code maxInFlight}.
 */
public final class Connector {

    /** The connection-establishment strategy. */
    public enum Mode {
        /** One blocking connect at a time. */
        SYNC,
        /** Many non-blocking connects in flight, completions matched by their ACT. */
        ASYNC
    }

    /**
     * @param channels       the connected channels, in the order they completed
     * @param failed         connects that failed or timed out
     * @param firstFailure   what the first failure said, or null
     * @param elapsedNanos   time from the first initiation to the last completion
     */
    public record Outcome(List<SocketChannel> channels, int failed, String firstFailure, long elapsedNanos) {
    }

    private final Mode mode;
    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final long gapNanos;
    private final int maxInFlight;
    private final long timeoutNanos;
    private final SingleWriterRecorder connectNanos;
    private final BooleanSupplier stop;

    /**
     * @param connectRate  initiations per second at most; 0 for no limit
     * @param maxInFlight  ASYNC: connects pending at once at most
     */
    public Connector(Mode mode, InetSocketAddress target, List<InetAddress> sources, double connectRate,
                     int maxInFlight, Duration timeout, SingleWriterRecorder connectNanos, BooleanSupplier stop) {
        this.mode = mode;
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

    private SocketChannel open(int i) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!sources.isEmpty()) {
                channel.bind(new InetSocketAddress(sources.get(i % sources.size()), 0));
            }
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

    private Outcome connectSync(int count) {
        List<SocketChannel> connected = new ArrayList<>(count);
        int failed = 0;
        String firstFailure = null;
        long start = System.nanoTime();
        for (int i = 0; i < count && !stop.getAsBoolean(); i++) {
            pace(start, i);
            SocketChannel channel = null;
            try {
                channel = open(i);
                long t0 = System.nanoTime();
                channel.socket().connect(target, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutNanos / 1_000_000)));
                connectNanos.recordValue(System.nanoTime() - t0);
                channel.configureBlocking(false);
                connected.add(channel);
            } catch (IOException | RuntimeException e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = describe(e);
                }
                closeQuietly(channel);
            }
        }
        return new Outcome(connected, failed, firstFailure, System.nanoTime() - start);
    }

    private Outcome connectAsync(int count) {
        List<SocketChannel> connected = new ArrayList<>(count);
        int failed = 0;
        String firstFailure = null;
        // the pending-connect table: slot index = the ACT carried by the selection key
        SocketChannel[] pending = new SocketChannel[maxInFlight];
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
        try (Selector selector = Selector.open()) {
            List<SelectionKey> done = new ArrayList<>();
            while ((initiated < count || inFlight > 0) && !stop.getAsBoolean()) {
                long now = System.nanoTime();
                while (initiated < count && freeCount > 0 && (gapNanos == 0 || now >= start + initiated * gapNanos)) {
                    int slot = freeSlots[--freeCount];
                    SocketChannel channel = null;
                    try {
                        channel = open(initiated);
                        channel.configureBlocking(false);
                        startedAt[slot] = System.nanoTime();
                        if (channel.connect(target)) {
                            connectNanos.recordValue(System.nanoTime() - startedAt[slot]);
                            connected.add(channel);
                            freeSlots[freeCount++] = slot;
                        } else {
                            pending[slot] = channel;
                            unregistered[unregisteredCount++] = slot;
                            inFlight++;
                        }
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        if (firstFailure == null) {
                            firstFailure = describe(e);
                        }
                        closeQuietly(channel);
                        freeSlots[freeCount++] = slot;
                    }
                    initiated++;
                }
                // Connects initiated in this batch that have completed meanwhile (on a short round trip, most)
                // complete here by their ACT without a trip through the selector; the others register with it.
                for (int u = 0; u < unregisteredCount; u++) {
                    int slot = unregistered[u];
                    SocketChannel channel = pending[slot];
                    try {
                        if (channel.finishConnect()) {
                            connectNanos.recordValue(System.nanoTime() - startedAt[slot]);
                            connected.add(channel);
                            pending[slot] = null;
                            freeSlots[freeCount++] = slot;
                            inFlight--;
                        } else {
                            channel.register(selector, SelectionKey.OP_CONNECT, acts[slot]);
                        }
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        if (firstFailure == null) {
                            firstFailure = describe(e);
                        }
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
                    selector.selectNow(done::add);          // more to initiate: do not wait
                } else {
                    selector.select(done::add, Math.min(waitMillis, 100));
                }
                for (SelectionKey key : done) {
                    int slot = (Integer) key.attachment();      // the ACT: O(1) to the pending connect
                    SocketChannel channel = pending[slot];
                    key.cancel();
                    pending[slot] = null;
                    freeSlots[freeCount++] = slot;
                    inFlight--;
                    try {
                        if (channel.finishConnect()) {
                            connectNanos.recordValue(System.nanoTime() - startedAt[slot]);
                            connected.add(channel);
                        }
                    } catch (IOException e) {
                        failed++;
                        if (firstFailure == null) {
                            firstFailure = describe(e);
                        }
                        closeQuietly(channel);
                    }
                }
                now = System.nanoTime();
                for (int slot = 0; slot < maxInFlight; slot++) {
                    if (pending[slot] != null && now - startedAt[slot] > timeoutNanos) {
                        failed++;
                        if (firstFailure == null) {
                            firstFailure = "connect timed out after " + timeoutNanos / 1_000_000 + " ms";
                        }
                        closeQuietly(pending[slot]);
                        pending[slot] = null;
                        freeSlots[freeCount++] = slot;
                        inFlight--;
                    }
                }
            }
            selector.selectNow();   // flush cancelled keys so the channels can move to the engine
        } catch (IOException e) {
            failed += count - connected.size() - failed;
            if (firstFailure == null) {
                firstFailure = describe(e);
            }
        } finally {
            for (SocketChannel channel : pending) {
                closeQuietly(channel);
            }
        }
        return new Outcome(connected, failed, firstFailure, System.nanoTime() - start);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
