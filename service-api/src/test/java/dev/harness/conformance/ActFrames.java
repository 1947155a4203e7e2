package dev.harness.conformance;

import dev.harness.transport.Channel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** ACT frames written and read over a transport {@link Channel}, for tests that drive a server below the protocol clients of the kit. */
public final class ActFrames {

    public static final byte ECHO = 0x01;
    public static final byte RELAY = 0x04;
    public static final byte STATUS_ERROR = 2;

    /** One frame read back: its act, op, status byte and payload. */
    public record Frame(long act, byte op, byte status, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private ActFrames() {
    }

    public static void send(Channel channel, long act, byte op, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(16 + payload.length)
                .putInt(12 + payload.length).putLong(act).put(op).put((byte) 0).putShort((short) 0).put(payload)
                .flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    public static void sendEcho(Channel channel, long act, String text) throws IOException {
        send(channel, act, ECHO, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one whole frame; {@link EOFException} when the server closed the connection first. */
    public static Frame read(Channel channel) throws IOException {
        ByteBuffer header = readFully(channel, ByteBuffer.allocate(16));
        int length = header.getInt(0);
        ByteBuffer payload = readFully(channel, ByteBuffer.allocate(length - 12));
        return new Frame(header.getLong(4), header.get(12), header.get(13), payload.array());
    }

    private static ByteBuffer readFully(Channel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("the server closed the connection after " + into.position() + " bytes of " + into.capacity());
            }
        }
        return into;
    }
}
