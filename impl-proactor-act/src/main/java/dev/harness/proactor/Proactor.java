package dev.harness.proactor;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.server.LoopBlocking;
import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Listener;
import dev.harness.transport.Poller;
import dev.harness.transport.Selectable;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Proactor: one event-loop thread that performs the asynchronous operations initiated on it and
 * dispatches their completions, each an {@link AsynchResult} carrying its initiator's ACT, to the
 * completion {@link Handler}s ({@link #handleEvents}).
 *
 * <p>How completions are produced: a Proactor emulated on a Reactor, as ACE does on POSIX. The loop waits
 * in a {@link Poller} of its {@link Transport} for readiness of the channels that have an operation
 * outstanding, performs the read, write, accept or connect itself when the channel is ready, and queues the
 * completion. Over {@code tcp} the poller is a {@link java.nio.channels.Selector} (epoll on Linux) and a
 * sleeping loop is woken by the kernel; over {@code mem} it is a ready queue: a pipe that becomes readable
 * or writable enqueues the key and unparks the loop thread if it sleeps — the same hand-off (one wake-up of
 * the loop thread, then the operation performed on it) without the kernel's sockets.
 * All completions of one select round — I/O, expired timers and tasks handed over by other threads — are
 * gathered first and dispatched after, one at a time, so a handler never runs inside another handler and
 * an operation initiated from a handler never completes re-entrantly. (The README has the measurement
 * that chose this over NIO.2's {@code AsynchronousChannelGroup}.)
 *
 * <p>Guarantees: every completion and timer of a channel registered here runs on this proactor's thread,
 * never concurrently; closing a channel cancels its outstanding operations without completing them;
 * {@link #execute} is the only method other threads may call (plus {@link #stop} and {@link #query}).
 *
 * <p>Costs: no thread per operation or per connection; no allocation per read, write or dispatch (results
 * are owned by their registrations and reused); one small object per timer; read interest stays armed
 * across completions so that a connection that reads again right away changes no interest set (over tcp:
 * no {@code epoll_ctl}). Reads without a buffer borrow a direct buffer from this proactor's pool only for
 * the time the bytes are handled, so an idle connection holds no read buffer; one select round lends at
 * most {@code maxFreeBuffers} of them (a channel found ready beyond that is read in the next round, where it
 * is still ready), so a burst of readiness never allocates more buffers than the pool keeps. A channel's
 * registration creates the result of each kind of operation on its first use (an accepted connection never
 * makes an accept or a connect result). Timers have the poller's millisecond granularity: a timer fires at
 * its deadline or up to about a millisecond later, never earlier.
 */
public final class Proactor {

    private static final System.Logger LOG = System.getLogger(Proactor.class.getName());

    private final String name;
    private final Poller poller;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ArrayDeque<AsynchResult> completions = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Timer::compareTo);
    private final Consumer<Key> onReady = this::onReady;
    private final ArrayDeque<ByteBuffer> freeBuffers = new ArrayDeque<>();
    private final int bufferBytes;
    private final int maxFreeBuffers;
    private volatile boolean stopped;
    private volatile BlockMeter blockMeter;
    private long timerSequence;
    private int buffersLent;
    /** Reads of the select round in progress that borrowed a pooled buffer: at most maxFreeBuffers. */
    private int roundBorrows;

    /**
     * Opens a poller of {@code transport} and creates (does not start) the loop thread.
     *
     * @param name           the loop thread's name, e.g. {@code proactor-0}
     * @param transport      whose channels this proactor will operate on
     * @param bufferBytes    size of each pooled read buffer
     * @param maxFreeBuffers free buffers kept for reuse (more are dropped when returned), and the most reads
     *                       one select round performs into borrowed buffers; at least 1
     */
    public Proactor(String name, Transport transport, int bufferBytes, int maxFreeBuffers) throws IOException {
        if (maxFreeBuffers < 1) {
            throw new IllegalArgumentException("maxFreeBuffers must be >= 1, got " + maxFreeBuffers);
        }
        this.name = name;
        this.bufferBytes = bufferBytes;
        this.maxFreeBuffers = maxFreeBuffers;
        this.poller = transport.openPoller();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        this.blockMeter = new BlockMeter(name, 0);
    }

    /**
     * Counts every completion or task that holds the loop for at least {@code thresholdNanos} (0: none) as
     * the loop blocked ({@link #blocking()}). Before {@link #start} only.
     */
    public Proactor measureBlocking(long thresholdNanos) {
        if (thread.isAlive()) {
            throw new IllegalStateException(name + " is running: measure its blocking before it starts");
        }
        blockMeter = new BlockMeter(name, thresholdNanos);
        return this;
    }

    /** How long the calls this loop made blocked it, since the start. Any thread. */
    public LoopBlocking blocking() {
        return blockMeter.snapshot();
    }

    public String name() {
        return name;
    }

    /** Starts the loop thread, which runs {@link #handleEvents} until {@link #stop}. */
    public Proactor start() {
        thread.start();
        return this;
    }

    /** Whether the caller is this proactor's loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon; callable from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            poller.wakeup();
        }
    }

    /** Evaluates {@code query} on the loop thread: for metrics and tests, not for the hot path. */
    public <T> CompletableFuture<T> query(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(query.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Ends the loop after its current round; closes every channel still registered. Any thread. */
    public void stop() {
        stopped = true;
        poller.wakeup();
    }

    /** Waits for the loop thread to end. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.join(java.time.Duration.ofNanos(unit.toNanos(timeout)));
    }

    private void run() {
        try {
            while (!stopped) {
                handleEvents();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, name + " stopped by " + e, e);
        } catch (Error e) {
            // out of memory, a stack overflow: the loop cannot go on, and the process must not look healthy
            // with it dead, so the error goes on to the thread's uncaught-exception handler (serve exits 1)
            LOG.log(System.Logger.Level.ERROR, name + " stopped by " + e, e);
            throw e;
        } finally {
            for (Key key : poller.keys()) {
                closeQuietly(key.selectable());
            }
            closeQuietly(poller);
        }
    }

    /**
     * One round of the loop: runs the tasks handed over, waits for readiness or the next timer, performs
     * the ready operations, expires timers, then dispatches every completion gathered.
     */
    public void handleEvents() throws IOException {
        runTasks();
        wakeupPending.set(false);
        roundBorrows = 0;
        if (!tasks.isEmpty() || !completions.isEmpty() || stopped) {
            poller.selectNow(onReady);
        } else if (timers.isEmpty()) {
            poller.select(onReady, 0);
        } else {
            long delay = timers.peek().deadlineNanos - System.nanoTime();
            if (delay <= 0) {
                poller.selectNow(onReady);
            } else {
                poller.select(onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay + 999_999)));
            }
        }
        expireTimers();
        dispatch();
    }

    private void runTasks() {
        Runnable task;
        long start = System.nanoTime();
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": a task failed: " + e, e);
            }
            long end = System.nanoTime();
            blockMeter.record(end - start);
            start = end;
        }
    }

    private void expireTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadlineNanos - now <= 0) {
            timers.poll();
            if (!timer.cancelled) {
                timer.cancelled = true; // fired: a later cancel() is a no-op
                completions.add(timer);
            }
        }
    }

    private void dispatch() {
        AsynchResult result;
        long start = System.nanoTime();
        while ((result = completions.poll()) != null) {
            result.queued = false;
            try {
                result.complete();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": a completion handler failed: " + e, e);
            }
            long end = System.nanoTime();
            blockMeter.record(end - start);
            start = end;
        }
    }

    // ---------------------------------------------------------------- timers

    /**
     * Schedules a timer completion: after {@code delayNanos}, {@code handler.handleTimeout} gets a result
     * carrying {@code act}. Loop thread only.
     */
    public Timer scheduleTimer(long delayNanos, Handler handler, Object act) {
        assertInLoop();
        Timer timer = new Timer();
        timer.reset(handler, act);
        timer.deadlineNanos = System.nanoTime() + Math.max(0, delayNanos);
        timer.sequence = timerSequence++;
        timers.add(timer);
        return timer;
    }

    /** Timers scheduled and not yet expired (including cancelled ones whose deadline has not come). */
    public int pendingTimers() {
        return timers.size();
    }

    // ---------------------------------------------------------------- buffers

    /** A pooled direct buffer, cleared. Loop thread only. */
    public ByteBuffer borrowBuffer() {
        ByteBuffer buffer = freeBuffers.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(bufferBytes);
        }
        buffersLent++;
        return buffer;
    }

    /**
     * A pooled buffer for a read of the select round in progress, or null when this round has lent
     * {@code maxFreeBuffers} already: each stays lent until the round's completions are dispatched, so a
     * channel found ready beyond that stays ready and is read in the next round. Loop thread only.
     */
    ByteBuffer borrowForRoundRead() {
        if (roundBorrows == maxFreeBuffers) {
            return null;
        }
        roundBorrows++;
        return borrowBuffer();
    }

    /** Returns a buffer lent by {@link #borrowBuffer} or by a read; any other buffer is ignored. */
    public void releaseBuffer(ByteBuffer buffer) {
        if (!isPooled(buffer)) {
            return;
        }
        buffersLent--;
        if (freeBuffers.size() < maxFreeBuffers) {
            freeBuffers.push(buffer.clear());
        }
    }

    /** Whether {@code buffer} came from this kind of pool (direct, of the pool's size). */
    public boolean isPooled(ByteBuffer buffer) {
        return buffer != null && buffer.isDirect() && buffer.capacity() == bufferBytes;
    }

    /** Pooled buffers lent out and not yet returned: what the connections of this loop hold. */
    public int buffersLent() {
        return buffersLent;
    }

    // ---------------------------------------------------------------- operations (package-private: streams)

    /** The registration of {@code endpoint} with this proactor's poller, created on first use. */
    Registration registration(Selectable endpoint) {
        assertInLoop();
        Key key = endpoint.keyFor(poller);
        if (key != null) {
            return (Registration) key.attachment();
        }
        try {
            Registration registration = new Registration(this);
            registration.key = endpoint.register(poller, 0, registration);
            return registration;
        } catch (IOException e) {
            throw new IllegalStateException("cannot register " + endpoint + " with " + name + ": " + e, e);
        }
    }

    void completed(AsynchResult result) {
        result.queued = true;
        completions.add(result);
    }

    /**
     * Initiates an accept on {@code listener} (non-blocking): {@code handler.handleAccept} gets the accepted
     * channel (non-blocking) or the error. Tries at once, so that a backlog of connections drains one
     * completion after another.
     */
    public void accept(Listener listener, Handler handler, Object act) {
        Registration registration = registration(listener);
        if (registration.acceptPending) {
            throw new IllegalStateException("an accept is already outstanding on " + listener);
        }
        registration.acceptResult().reset(handler, act);
        registration.acceptPending = true;
        registration.performAccept();
    }

    /**
     * Initiates a connect; {@code handler.handleConnect} gets the outcome. {@code channel} must be
     * non-blocking. A transport that connects at once (mem) completes it in this round, with no readiness.
     */
    public void connect(Channel channel, InetSocketAddress remote, Handler handler, Object act) {
        Registration registration = registration(channel);
        AsynchResult result = registration.connectResult();
        result.reset(handler, act);
        try {
            if (channel.connect(remote)) {
                completed(result);
            } else {
                registration.addInterest(Key.OP_CONNECT);
            }
        } catch (IOException e) {
            result.error = e;
            completed(result);
        }
    }

    private void onReady(Key key) {
        try {
            Registration registration = (Registration) key.attachment();
            int ready = key.readyOps();
            if ((ready & Key.OP_ACCEPT) != 0) {
                registration.performAccept();
            }
            if ((ready & Key.OP_CONNECT) != 0) {
                registration.performConnect();
            }
            if ((ready & Key.OP_READ) != 0) {
                registration.performRead();
            }
            if ((ready & Key.OP_WRITE) != 0) {
                registration.performWrite();
            }
        } catch (CancelledKeyException e) {
            // the channel was closed: its outstanding operations are cancelled, not completed
        }
    }

    private void assertInLoop() {
        if (!inLoop() && thread.isAlive()) {
            throw new IllegalStateException("called from " + Thread.currentThread().getName() + ", not from " + name);
        }
    }
}
