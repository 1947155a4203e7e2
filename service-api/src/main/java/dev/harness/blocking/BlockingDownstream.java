package dev.harness.blocking;

import dev.harness.protocol.ActCodec;
import dev.harness.protocol.OutBuffer;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Operation;
import dev.harness.service.Reply;
import dev.harness.service.Status;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One connection's blocking client to the RELAY downstream: the thread server as an initiator. It opens
 * its socket on first use and keeps it; each call sends one ACT frame under an act of its own and blocks
 * the calling thread until the answers come, so there is one call outstanding at a time and a stale answer
 * is impossible once a timed-out socket is closed.
 */
final class BlockingDownstream implements Closeable {

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final int maxPayloadBytes;
    private final byte[] header = new byte[ActCodec.HEADER_BYTES];
    private final OutBuffer request = new OutBuffer(64);
    private Socket socket;
    private DataInputStream input;
    private WritableByteChannel output;
    private long nextAct;

    BlockingDownstream(InetSocketAddress address, Duration timeout, int maxPayloadBytes) {
        this.address = address;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Sends op with payload and passes each answer to {@code each}; failures become one ERROR reply. */
    void call(byte op, ByteBuffer payload, Completion<Reply> each) {
        long act = ++nextAct;
        try {
            if (socket == null) {
                connect();
            }
            ActCodec.encodeFrame(request, act, op, Status.OK, payload);
            request.writeTo(output);
            boolean last = false;
            while (!last) {
                input.readFully(header);
                ByteBuffer h = ByteBuffer.wrap(header);
                int length = h.getInt(0);
                if (length < ActCodec.MIN_LENGTH || length > ActCodec.MIN_LENGTH + maxPayloadBytes || h.getLong(4) != act) {
                    throw new IOException("downstream answered a frame that is not ours (length %d, act %d, expected act %d)"
                            .formatted(length, h.getLong(4), act));
                }
                Status status = Status.of(h.get(13));
                if (status == null) {
                    throw new IOException("downstream answered an unknown status " + h.get(13));
                }
                byte[] body = new byte[length - ActCodec.MIN_LENGTH];
                input.readFully(body);
                last = status != Status.OK || !Operation.isStream(op);
                each.completed(new Reply(status, status == Status.ERROR ? ErrorCode.BAD_GATEWAY : null,
                        ByteBuffer.wrap(body), last));
            }
        } catch (SocketTimeoutException e) {
            close();
            each.completed(error(ErrorCode.GATEWAY_TIMEOUT,
                    "downstream " + address + " did not answer within " + timeoutMillis + " ms"));
        } catch (IOException e) {
            close();
            each.completed(error(ErrorCode.BAD_GATEWAY, "downstream " + address + " failed: " + e.getMessage()));
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            input = new DataInputStream(new BufferedInputStream(s.getInputStream(), 8192));
            output = Channels.newChannel(s.getOutputStream());
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    static Reply error(ErrorCode code, String message) {
        return new Reply(Status.ERROR, code, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public void close() {
        request.clear();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we no longer use: nothing to do
            }
            socket = null;
            input = null;
            output = null;
        }
    }
}
