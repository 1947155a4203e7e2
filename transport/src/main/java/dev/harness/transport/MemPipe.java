package dev.harness.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of a mem connection: bytes written by one {@link MemChannel} and read by the other, at most
 * {@value #CAPACITY_BYTES} unread at once (the send and receive buffers a socket has).
 *
 * <p>Its byte array is allocated when bytes are written and dropped as soon as the reader has taken them
 * all, so an idle connection holds none. A blocked reader or writer parks with {@link LockSupport} (a
 * platform thread in the kernel, a virtual thread off its carrier) and the other side unparks it; a side in
 * non-blocking mode instead has its {@link MemKey} queued in its poller. The monitor guards the state only
 * for the copy and the bookkeeping: no thread waits while it holds it (so it never pins a virtual thread's
 * carrier for longer than a copy).
 *
 * <p>Over a delayed link ({@link MemTransport#setLinkDelay}) each write's bytes become readable
 * {@code delayNanos} after it: they count against the capacity at once (in flight on the link), the reader
 * sees only the bytes whose delay has passed, and the end of each delay wakes the reader from the
 * {@code mem-link} thread instead of the write itself.
 */
final class MemPipe {

    /** The most bytes a pipe holds unread: a writer in blocking mode waits beyond it. */
    static final int CAPACITY_BYTES = 256 * 1024;
    private static final int MIN_ALLOCATION_BYTES = 512;

    private final MemChannel reader;
    private final MemChannel writer;
    private byte[] data;
    private int head;
    private int size;
    /** The writer shut its output or closed: the reader gets end of stream once it has read the rest. */
    private boolean writerDone;
    /** The reader closed: writes fail. */
    private boolean readerClosed;
    /** The reader shut its input: its reads return -1 and writes are discarded. */
    private boolean inputShut;
    private Thread readWaiter;
    private Thread writeWaiter;
    /**
     * The link's delay and the bytes in flight on it; null for none, when every byte written is readable at
     * once. Apart, so that a pipe without a delay (every pipe of a run without {@code --link-delay}) is 48
     * bytes, not 64: two pipes per connection, ten million connections.
     */
    private final Link link;

    /** A delayed link's state, guarded by the pipe's monitor. */
    private static final class Link {
        /** The one-way delay, above 0. */
        final long delayNanos;
        /** Of the {@code size} bytes held, those readable now (the rest are in flight). */
        int arrived;
        /** The writes in flight, oldest first, as pairs of (readable at, bytes). */
        final java.util.ArrayDeque<long[]> inFlight = new java.util.ArrayDeque<>();

        Link(long delayNanos) {
            this.delayNanos = delayNanos;
        }
    }

    MemPipe(MemChannel writer, MemChannel reader, long delayNanos) {
        this.writer = writer;
        this.reader = reader;
        this.link = delayNanos > 0 ? new Link(delayNanos) : null;
    }

    /** The bytes a read may take now: all held, or over a delayed link those whose delay has passed. */
    private int readableBytes() {
        if (link == null) {
            return size;
        }
        long now = System.nanoTime();
        for (long[] write = link.inFlight.peekFirst(); write != null && write[0] - now <= 0; write = link.inFlight.peekFirst()) {
            link.arrived += (int) write[1];
            link.inFlight.pollFirst();
        }
        return link.arrived;
    }

    /** Reads into {@code dst}: bytes, 0 (non-blocking, none yet) or -1 (end of stream). */
    int read(ByteBuffer dst) throws IOException {
        for (boolean waited = false; ; waited = true) {
            int n;
            Thread blockedWriter = null;
            synchronized (this) {
                reader.ensureOpen(waited);
                if (inputShut) {
                    return -1;
                }
                int readable = readableBytes();
                if (readable > 0) {
                    n = Math.min(readable, dst.remaining());
                    dst.put(data, head, n);
                    head += n;
                    size -= n;
                    if (link != null) {
                        link.arrived -= n;
                    }
                    if (size == 0) {
                        data = null;
                        head = 0;
                    }
                    blockedWriter = writeWaiter;
                    writeWaiter = null;
                } else if (writerDone && size == 0) {
                    return -1;
                } else if (!reader.isBlocking() || dst.remaining() == 0) {
                    return 0;
                } else {
                    n = -1;
                    readWaiter = Thread.currentThread();
                }
            }
            if (n >= 0) {
                if (n > 0) {
                    wake(blockedWriter, writer, Key.OP_WRITE);
                }
                return n;
            }
            park(reader);
        }
    }

    /** Blocking mode: waits until a read would not wait, holding no buffer. */
    void awaitReadable() throws IOException {
        for (boolean waited = false; ; waited = true) {
            synchronized (this) {
                reader.ensureOpen(waited);
                if (readable()) {
                    return;
                }
                readWaiter = Thread.currentThread();
            }
            park(reader);
        }
    }

    /** Writes from {@code src}: all of it in blocking mode (waiting for room), what fits otherwise. */
    int write(ByteBuffer src) throws IOException {
        int total = 0;
        for (boolean waited = false; ; waited = true) {
            int n = 0;
            boolean wait = false;
            Thread blockedReader = null;
            synchronized (this) {
                writer.ensureOpen(waited);
                if (writerDone) {
                    throw new ClosedChannelException();
                }
                if (readerClosed) {
                    throw new IOException("Broken pipe: the peer closed the connection");
                }
                if (inputShut) {
                    n = src.remaining();
                    src.position(src.limit());
                    return total + n;
                }
                n = Math.min(CAPACITY_BYTES - size, src.remaining());
                if (n > 0) {
                    makeRoom(n);
                    src.get(data, head + size, n);
                    size += n;
                    total += n;
                    if (link == null) {
                        blockedReader = readWaiter;
                        readWaiter = null;
                    } else {
                        link.inFlight.addLast(new long[] {System.nanoTime() + link.delayNanos, n});
                    }
                }
                if (src.hasRemaining() && writer.isBlocking()) {
                    writeWaiter = Thread.currentThread();
                    wait = true;
                }
            }
            if (n > 0 && link == null) {
                wake(blockedReader, reader, Key.OP_READ);
            } else if (n > 0) {
                MemTransport.INSTANCE.afterDelay(this::arrive, link.delayNanos);
            }
            if (!wait) {
                return total;
            }
            park(writer);
        }
    }

    private void makeRoom(int n) {
        if (data == null) {
            data = new byte[allocation(n)];
            head = 0;
        } else if (head + size + n > data.length) {
            byte[] target = size + n <= data.length ? data : new byte[allocation(size + n)];
            System.arraycopy(data, head, target, 0, size);
            data = target;
            head = 0;
        }
    }

    private static int allocation(int bytes) {
        int rounded = Integer.highestOneBit(Math.max(MIN_ALLOCATION_BYTES, bytes) - 1) << 1;
        return Math.min(CAPACITY_BYTES, rounded);
    }

    synchronized int allocatedBytes() {
        return data == null ? 0 : data.length;
    }

    /** Delayed link: the end of a write's delay; its bytes are readable now, so the reader is woken. */
    private void arrive() {
        Thread blockedReader;
        synchronized (this) {
            blockedReader = readWaiter;
            readWaiter = null;
        }
        wake(blockedReader, reader, Key.OP_READ);
    }

    synchronized boolean readable() {
        return readableBytes() > 0 || writerDone && size == 0 || inputShut || readerClosed;
    }

    synchronized boolean writable() {
        return size < CAPACITY_BYTES || readerClosed || inputShut || writerDone;
    }

    /** The reader shuts its input: discards what waits, ends its blocked read, lets a blocked writer go. */
    void shutdownInput() {
        synchronized (this) {
            inputShut = true;
            dropHeld();
        }
        wakeBoth();
    }

    /** The writer shuts its output: the reader gets end of stream after the rest. */
    void shutdownOutput() {
        synchronized (this) {
            writerDone = true;
        }
        wakeBoth();
    }

    /** The reader closes: later writes fail, whatever waits is dropped. */
    void closeReader() {
        synchronized (this) {
            readerClosed = true;
            dropHeld();
        }
        wakeBoth();
    }

    /** Drops every byte held, in flight or not. Under the monitor. */
    private void dropHeld() {
        data = null;
        size = 0;
        head = 0;
        if (link != null) {
            link.arrived = 0;
            link.inFlight.clear();
        }
    }

    /** After the pipe ended one way or another: both sides go on, blocked or registered. */
    private void wakeBoth() {
        Thread blockedReader;
        Thread blockedWriter;
        synchronized (this) {
            blockedReader = readWaiter;
            readWaiter = null;
            blockedWriter = writeWaiter;
            writeWaiter = null;
        }
        wake(blockedReader, reader, Key.OP_READ);
        wake(blockedWriter, writer, Key.OP_WRITE);
    }

    /**
     * Tells {@code side} that it may go on: unparks its thread blocked here, taken from its waiter field under
     * the monitor (null when none), and signals its poller for {@code op}. Called with the monitor released.
     */
    private static void wake(Thread blocked, MemChannel side, int op) {
        if (blocked != null) {
            LockSupport.unpark(blocked);
        }
        side.signal(op);
    }

    /** Parks the calling thread of {@code side}; an interrupt closes the channel, as java.nio does. */
    private static void park(MemChannel side) throws IOException {
        LockSupport.park(side);
        if (Thread.currentThread().isInterrupted()) {
            side.close();
            throw new ClosedByInterruptException();
        }
    }

    /** Thrown by {@link MemChannel#ensureOpen} for a channel closed while its thread waited. */
    static IOException closed(boolean waited) {
        return waited ? new AsynchronousCloseException() : new ClosedChannelException();
    }
}
