package dev.harness.proactor;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous Acceptor of Acceptor-Connector on a {@link Proactor}: it keeps one accept outstanding
 * on a listening channel, and for each connection it completes it chooses an event loop (round robin),
 * moves the channel there, creates a service handler for it with the {@link Factory} and calls the
 * handler's activation hook {@link Handler#open()} — both on that loop, so the handler is confined to its
 * loop from its first line on.
 *
 * <p>Costs: no thread of its own (the accept completes on the first loop), one task hand-off per
 * connection to another loop. A failed accept (e.g. out of file descriptors) is retried after a
 * millisecond by a timer, not in a spin; the connection waits in the listener's backlog meanwhile.
 */
public final class Acceptor implements Handler {

    /** Creates the service handler of a new connection, on the loop it will live on. */
    @FunctionalInterface
    public interface Factory {
        Handler create(Proactor loop, Channel channel) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    private static final Object RETRY = new Object();

    private final Proactor acceptLoop;
    private final Listener listener;
    private final Proactor[] loops;
    private final Factory factory;
    private int nextLoop;
    private volatile boolean closed;

    /**
     * @param acceptLoop the loop that completes the accepts
     * @param listener   bound, non-blocking, of the proactors' transport
     * @param loops      where connections go, round robin
     */
    public Acceptor(Proactor acceptLoop, Listener listener, Proactor[] loops, Factory factory) {
        this.acceptLoop = acceptLoop;
        this.listener = listener;
        this.loops = loops.clone();
        this.factory = factory;
    }

    /** Initiates the first accept; any thread. */
    public void open() {
        acceptLoop.execute(() -> acceptLoop.accept(listener, this, null));
    }

    /** Stops accepting and closes the listener (on the accept loop), and waits until that is done. */
    public void close() throws InterruptedException {
        closed = true;
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        acceptLoop.execute(() -> {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing: nothing more to release
            } finally {
                done.countDown();
            }
        });
        if (!done.await(10, TimeUnit.SECONDS)) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // the loop is stuck or gone; close from here
            }
        }
    }

    @Override
    public void handleAccept(AsynchResult result) {
        if (closed) {
            if (result.accepted() != null) {
                closeQuietly(result.accepted());
            }
            return;
        }
        if (!result.success()) {
            LOG.log(System.Logger.Level.WARNING, "accept failed: " + result.error().getMessage() + "; retrying in 1 ms");
            acceptLoop.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(1), this, RETRY);
            return;
        }
        Channel channel = result.accepted();
        Proactor loop = loops[nextLoop];
        nextLoop = (nextLoop + 1) % loops.length;
        if (loop == acceptLoop) {
            activate(loop, channel);
        } else {
            loop.execute(() -> activate(loop, channel));
        }
        acceptLoop.accept(listener, this, null);
    }

    @Override
    public void handleTimeout(AsynchResult result) {
        if (!closed && listener.isOpen()) {
            acceptLoop.accept(listener, this, null);
        }
    }

    private void activate(Proactor loop, Channel channel) {
        try {
            factory.create(loop, channel).open();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot activate a connection: " + e, e);
            closeQuietly(channel);
        }
    }
}
