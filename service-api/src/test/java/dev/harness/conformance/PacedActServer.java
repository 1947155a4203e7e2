package dev.harness.conformance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test server over tcp loopback that answers ACT frames at no more than a fixed number of requests per
 * second, however many arrive: the answers of all its connections share one schedule, one slot every
 * {@code 1 / rate} seconds, and a request waits for the next free slot before it is echoed (same act, op
 * and payload). So a load above its rate must leave requests unanswered, and how many it can have answered
 * in a time T is bounded: at most {@code 1 + rate × T}. A thread per connection ({@code paced-conn-N}) and an
 * {@code paced-acceptor}; {@link #close()} closes every socket and joins every thread.
 */
public final class PacedActServer implements AutoCloseable {

    private final ServerSocket listener;
    private final long intervalNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong answered = new AtomicLong();
    private final Thread acceptor;
    private long lastSlot = Long.MIN_VALUE;

    /** Listens on an ephemeral loopback port and answers at most {@code answersPerSecond}. */
    public PacedActServer(double answersPerSecond) throws IOException {
        if (!(answersPerSecond > 0)) {
            throw new IllegalArgumentException("answersPerSecond must be > 0, got " + answersPerSecond);
        }
        this.intervalNanos = (long) (1e9 / answersPerSecond);
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "paced-acceptor");
        acceptor.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Answers written so far. */
    public long answered() {
        return answered.get();
    }

    private void accept() {
        try {
            for (int n = 0; ; n++) {
                Socket socket = listener.accept();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "paced-conn-" + n);
                threads.add(t);
                t.start();
            }
        } catch (IOException closed) {
            // close() closed the listener: done
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            while (true) {
                ActFrames.Frame request = ActFrames.read(socket.getInputStream());
                long wait = nextSlot() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                out.write(ActFrames.frame(request.act(), request.op(), request.payload()));
                out.flush();
                answered.incrementAndGet();
            }
        } catch (IOException | InterruptedException closed) {
            // the peer or close() ended the connection: done
        }
    }

    /** The next free slot of the shared schedule, never earlier than now. */
    private synchronized long nextSlot() {
        long now = System.nanoTime();
        lastSlot = lastSlot == Long.MIN_VALUE || lastSlot + intervalNanos < now ? now : lastSlot + intervalNanos;
        return lastSlot;
    }

    @Override
    public void close() {
        try {
            listener.close();
            acceptor.join();
            for (Socket s : sockets) {
                s.close();
            }
            for (Thread t : threads) {
                t.interrupt();
                t.join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
