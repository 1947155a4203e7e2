package dev.harness.load;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback ACT server that answers the way a broken or hostile one would ({@link Answer}), for the tests of
 * the generator as a target: a thread per connection ({@code hostile-act-N}) that reads each request frame
 * and answers it wrongly. {@link #close} closes every socket and joins every thread.
 */
final class HostileActServer implements AutoCloseable {

    /** How each request is answered. */
    enum Answer {
        /** Bytes that are no frame: a length field of 0xFFFFFFFF. */
        GARBAGE,
        /** A frame under an act never sent. */
        UNSENT_ACT,
        /** The right answer, twice: the second is for a request no longer outstanding. */
        TWICE,
        /** The header and half the payload, then nothing more on that connection, which stays open. */
        STALL_MID_FRAME,
        /** A reset (SO_LINGER 0 and close) instead of an answer. */
        RESET
    }

    private static final int HEADER_BYTES = 16;

    private final Answer answer;
    private final ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    HostileActServer(Answer answer) throws IOException {
        this.answer = answer;
        this.acceptor = Thread.ofPlatform().name("hostile-act-acceptor").start(this::accept);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    private void accept() {
        try {
            for (int n = 0; ; n++) {
                Socket socket = listener.accept();
                sockets.add(socket);
                threads.add(Thread.ofPlatform().name("hostile-act-" + n).start(() -> serve(socket)));
            }
        } catch (IOException closed) {
            // close() closed the listener: done
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] request = new byte[4 + in.readInt()];
                in.readFully(request, 4, request.length - 4);
                ByteBuffer frame = ByteBuffer.wrap(request).putInt(0, request.length - 4);
                switch (answer) {
                    case GARBAGE -> out.write(new byte[] {-1, -1, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
                    case UNSENT_ACT -> out.write(frame.putLong(4, frame.getLong(4) ^ Long.MIN_VALUE).array());
                    case TWICE -> {
                        out.write(request);
                        out.write(request);
                    }
                    case STALL_MID_FRAME -> {
                        out.write(request, 0, HEADER_BYTES + (request.length - HEADER_BYTES) / 2);
                        out.flush();
                        in.transferTo(OutputStream.nullOutputStream()); // read on, answer nothing more
                        return;
                    }
                    case RESET -> {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                }
                out.flush();
            }
        } catch (IOException closed) {
            // the generator or close() ended the connection: done
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        acceptor.join();
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
