package dev.harness.proactor.server;

import dev.harness.conformance.ActFrames;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;

/**
 * A blocking test client that speaks ACT frames (docs/protocol.md §1) over a {@link Transport}'s channel,
 * built and read by the kit's {@link ActFrames}; {@link Frame} is the view this module's tests assert on. Its
 * reads have no timeout of their own: the test's {@code @Timeout} interrupts a read that hangs, which
 * closes the channel on either transport.
 */
final class Wire implements AutoCloseable {

    record Frame(long act, byte op, byte status, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final Channel channel;
    private final InputStream in;
    private final OutputStream out;

    /** Connects over tcp. */
    Wire(InetSocketAddress address) throws IOException {
        this(Transport.tcp(), address);
    }

    Wire(Transport transport, InetSocketAddress address) throws IOException {
        channel = transport.connect(address);
        in = Channels.newInputStream(channel);
        out = Channels.newOutputStream(channel);
    }

    static byte[] frame(long act, byte op, byte[] payload) {
        return ActFrames.frame(act, op, payload);
    }

    static byte[] threeU32(int a, int b, int c) {
        return ActFrames.u32s(a, b, c);
    }

    Wire send(long act, byte op, byte[] payload) throws IOException {
        out.write(frame(act, op, payload));
        return this;
    }

    Wire sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        return this;
    }

    Frame read() throws IOException {
        ActFrames.Frame frame = ActFrames.read(in);
        return new Frame(frame.act(), (byte) frame.op(), (byte) frame.status(), frame.payload());
    }

    /** Reads until the server closes; true at a clean end of stream. */
    boolean readsEndOfStream() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
