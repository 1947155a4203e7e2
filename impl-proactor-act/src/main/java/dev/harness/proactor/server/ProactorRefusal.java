package dev.harness.proactor.server;

import dev.harness.proactor.AsynchReadStream;
import dev.harness.proactor.AsynchResult;
import dev.harness.proactor.AsynchWriteStream;
import dev.harness.proactor.Handler;
import dev.harness.proactor.Proactor;
import dev.harness.proactor.Timer;
import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.transport.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The handler of a connection over {@code maxConnections}: it reads the first bytes the client sends,
 * answers in the protocol the first byte chose ({@link WireCodec#refuse}: an ERROR frame with act 0, or
 * {@code 503} with {@code Connection: close}), and closes. A client that sends nothing within
 * {@value #WAIT_MILLIS} ms is closed without an answer. It costs one read, one write and one timer on its
 * loop, and is not counted as an open connection.
 */
final class ProactorRefusal implements Handler {

    static final long WAIT_MILLIS = 1_000;

    private final Proactor proactor;
    private final Channel channel;
    private final String message;
    private Timer timer;
    private boolean closed;

    ProactorRefusal(Proactor proactor, Channel channel, String message) {
        this.proactor = proactor;
        this.channel = channel;
        this.message = message;
    }

    @Override
    public void open() {
        AsynchReadStream.open(proactor, channel).read(null, this, null);
        timer = proactor.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS), this, null);
    }

    @Override
    public void handleReadStream(AsynchResult result) {
        ByteBuffer buffer = result.buffer();
        try {
            if (closed || !result.success() || result.bytesTransferred() <= 0) {
                close();
                return;
            }
            OutBuffer out = new OutBuffer(256);
            WireCodec.refuse(buffer.get(0), message, out);
            AsynchWriteStream.open(proactor, channel).write(out, this, null);
        } finally {
            if (result.bufferLent()) {
                proactor.releaseBuffer(buffer);
            }
        }
    }

    @Override
    public void handleWriteStream(AsynchResult result) {
        close();
    }

    @Override
    public void handleTimeout(AsynchResult result) {
        close();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already broken
        }
    }
}
