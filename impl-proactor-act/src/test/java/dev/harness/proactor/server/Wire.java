package dev.harness.proactor.server;

import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;

/**
 * A blocking test client that speaks ACT frames ({@code docs/protocol.md}, section 1) over a {@link Transport}'s channel. Its
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
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects over tcp. */
    Wire(InetSocketAddress address) throws IOException {
        this(Transport.tcp(), address);
    }

    Wire(Transport transport, InetSocketAddress address) throws IOException {
        channel = transport.connect(address);
        in = new DataInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    static byte[] frame(long act, byte op, byte[] payload) {
        return ByteBuffer.allocate(16 + payload.length).putInt(12 + payload.length).putLong(act).put(op)
                .put((byte) 0).putShort((short) 0).put(payload).array();
    }

    static byte[] threeU32(int a, int b, int c) {
        return ByteBuffer.allocate(12).putInt(a).putInt(b).putInt(c).array();
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
        int length = in.readInt();
        long act = in.readLong();
        byte op = in.readByte();
        byte status = in.readByte();
        in.readShort();
        byte[] payload = new byte[length - 12];
        in.readFully(payload);
        return new Frame(act, op, status, payload);
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
