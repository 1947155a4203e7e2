package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.HEADER_BYTES;
import static dev.harness.conformance.ActFrames.STATUS_OK;

import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A RELAY downstream that answers every request frame it reads the way a broken or hostile server would
 * ({@link Reply}), over the kit's transport: the server under test must answer its own client (an ERROR, or
 * the one good answer) and go on serving everyone else. A platform thread accepts
 * ({@code hostile-downstream}) and one serves each connection ({@code hostile-downstream-N});
 * {@link #close()} closes every channel and joins every thread, so a scenario can close it before it
 * counts the threads and descriptors left.
 */
final class HostileDownstream implements AutoCloseable {

    /** How the downstream answers one request frame. */
    enum Reply {
        /** A header claiming a payload of almost 2 GiB, and nothing more: the connection stays open. */
        OVERSIZED,
        /**
         * A header claiming {@value #TRUNCATED_PAYLOAD_BYTES} payload bytes, {@value #TRUNCATED_SENT_BYTES} of
         * them, then a close.
         */
        TRUNCATED,
        /** An HTTP answer where an ACT frame is due: its first four bytes read as a length of over 1 GiB. */
        GARBAGE,
        /** The right answer, then the same frame again and again under the same act until the peer goes. */
        NEVER_ENDING
    }

    static final int TRUNCATED_PAYLOAD_BYTES = 100;
    static final int TRUNCATED_SENT_BYTES = 10;
    private static final int OVERSIZED_LENGTH = Integer.MAX_VALUE - 15;
    private static final byte[] GARBAGE_BYTES = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final Reply reply;
    private final Listener listener;
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    HostileDownstream(Transport transport, Reply reply) throws IOException {
        this.reply = reply;
        this.listener = transport.listen("127.0.0.1", 0, 16);
        this.acceptor = Thread.ofPlatform().name("hostile-downstream").start(this::accept);
    }

    InetSocketAddress address() {
        return listener.localAddress();
    }

    private void accept() {
        try {
            for (int n = 0; ; n++) {
                Channel channel = listener.accept();
                channels.add(channel);
                threads.add(Thread.ofPlatform().name("hostile-downstream-" + n).start(() -> serve(channel)));
            }
        } catch (IOException closed) {
            // close() closed the listener: done
        }
    }

    private void serve(Channel channel) {
        try (channel) {
            while (true) {
                ActFrames.Frame request = ActFrames.read(channel);
                switch (reply) {
                    case OVERSIZED -> write(channel, ActFrames.header(OVERSIZED_LENGTH, request.act(), request.op(),
                            STATUS_OK, 0));
                    case TRUNCATED -> {
                        byte[] frame = ActFrames.frame(request.act(), request.op(), STATUS_OK,
                                new byte[TRUNCATED_PAYLOAD_BYTES]);
                        write(channel, Arrays.copyOf(frame, HEADER_BYTES + TRUNCATED_SENT_BYTES));
                        return;
                    }
                    case GARBAGE -> write(channel, GARBAGE_BYTES);
                    case NEVER_ENDING -> {
                        byte[] frame = ActFrames.frame(request.act(), request.op(), STATUS_OK, request.payload());
                        while (true) {
                            write(channel, frame);
                        }
                    }
                }
            }
        } catch (IOException closed) {
            // the server or close() ended the connection: done
        }
    }

    private static void write(Channel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        acceptor.join();
        for (Channel channel : channels) {
            channel.close();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
