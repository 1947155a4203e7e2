package dev.harness.blocking;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

/**
 * The Acceptor of the thread-per-connection server (Acceptor-Connector): one platform thread, named
 * {@code acceptor}, blocked in {@link Listener#accept()}, that hands every new connection to the server's
 * activation ({@link BlockingServer}: a thread of the model's own, or a refusal). It never reads or writes.
 *
 * <p>An accept that fails with the listener still open (over {@code tcp}, for example {@code EMFILE}: out
 * of file descriptors) leaves the connection in the backlog and is tried again {@value #RETRY_MILLIS} ms
 * later. Closing the listener ends the thread.
 */
final class BlockingAcceptor {

    private static final System.Logger LOG = System.getLogger(BlockingAcceptor.class.getName());
    private static final long RETRY_MILLIS = 10;

    private final Listener listener;
    private final Consumer<Channel> activate;
    private final Thread thread;
    private volatile boolean stopped;

    BlockingAcceptor(Listener listener, Consumer<Channel> activate) {
        this.listener = listener;
        this.activate = activate;
        this.thread = Thread.ofPlatform().name("acceptor").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Closes the listener and returns once the acceptor thread has ended. */
    void stop() throws InterruptedException {
        stopped = true;
        closeQuietly(listener);
        thread.join();
    }

    private void run() {
        while (!stopped) {
            Channel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                pause();
                continue;
            }
            activate.accept(channel);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
