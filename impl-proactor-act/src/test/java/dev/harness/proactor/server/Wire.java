package dev.harness.proactor.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A blocking test client that speaks ACT frames (PROTOCOL.md §1). */
final class Wire implements AutoCloseable {

    record Frame(long act, byte op, byte status, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    Wire(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
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
        out.flush();
        return this;
    }

    Wire sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
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
        socket.close();
    }
}
