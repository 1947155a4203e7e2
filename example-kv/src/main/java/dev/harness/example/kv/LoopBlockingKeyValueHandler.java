package dev.harness.example.kv;

import dev.harness.service.ErrorCode;
import dev.harness.service.Request;
import dev.harness.service.Session;
import dev.harness.service.Status;
import java.nio.ByteBuffer;

/**
 * What not to do, kept to be measured: {@link KeyValueHandler} with its miss path calling the blocking
 * backend directly on the thread that runs the handler, not through {@code Session.blocking}. The thread
 * models do not notice (the connection's own thread blocks, as it would in {@code Session.blocking}); on
 * the proactor every miss stops an event loop and every connection on it for the backend's latency, and
 * {@code harness run}'s report shows it in the row "server event loops blocked".
 */
public final class LoopBlockingKeyValueHandler extends KeyValueHandler {

    public LoopBlockingKeyValueHandler() {
    }

    @Override
    void fetch(Session session, Request request, long key, int size) {
        byte[] value;
        try {
            value = SlowBackend.fetch(key, size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.fail(request, ErrorCode.UNAVAILABLE, "interrupted during the backend call");
            return;
        }
        store.put(key, value);
        session.reply(request, Status.OK, ByteBuffer.wrap(value));
    }
}
