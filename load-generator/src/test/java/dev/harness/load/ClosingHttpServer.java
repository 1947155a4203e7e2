package dev.harness.load;

import static dev.harness.transport.Closeables.closeQuietly;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server for the reconnect tests that closes every connection after {@code limit}
 * answers to {@code GET /echo}, the way a web server does at its keep-alive limit: with
 * {@code Connection: close} on the last answer, or silently. With {@code acceptOnce}, it stops listening
 * once it has accepted {@code acceptOnce} connections, so that every reconnect is refused. A thread per
 * connection ({@code closing-http-N}); {@link #close} ends them all.
 */
final class ClosingHttpServer implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    private final int limit;
    private final boolean sayClose;
    private final int acceptOnce;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor = new Thread(this::accept, "closing-http-acceptor");

    /**
     * @param limit      answers per connection before it is closed
     * @param sayClose   the last answer carries {@code Connection: close}; otherwise the close comes unannounced
     * @param acceptOnce stop listening after this many connections; 0 for never
     */
    ClosingHttpServer(int limit, boolean sayClose, int acceptOnce) throws IOException {
        this.limit = limit;
        this.sayClose = sayClose;
        this.acceptOnce = acceptOnce;
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = listener.accept();
                open.add(s);
                int n = accepted.incrementAndGet();
                new Thread(() -> serve(s), "closing-http-" + n).start();
                if (n == acceptOnce) {
                    listener.close();
                }
            }
        } catch (IOException e) {
            // the listener was closed: no more connections
        }
    }

    /** Answers each request (a header section ending in an empty line), and closes after the limit. */
    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int answered = 0;
            int tail = 0;       // the last four bytes read, to find CRLF CRLF
            int b;
            while (answered < limit && (b = in.read()) >= 0) {
                tail = (tail << 8) | b;
                if (tail == 0x0d0a0d0a) {
                    answered++;
                    out.write(answered == limit && sayClose ? LAST_ANSWER : ANSWER);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closeQuietly(listener);
        acceptor.join();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
