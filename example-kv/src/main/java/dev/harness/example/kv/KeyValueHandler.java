package dev.harness.example.kv;

import dev.harness.service.ErrorCode;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.ServiceHandler;
import dev.harness.service.Session;
import dev.harness.service.Status;
import java.nio.ByteBuffer;

/**
 * A key-value service written once, in completion style, for every server model: a lookup that hits the
 * in-memory {@link KeyValueStore} is answered at once; a miss fetches the value from the {@link SlowBackend}
 * — a blocking client — through {@link Session#blocking}, stores it and answers from the completion. Run it
 * with {@code --handler dev.harness.example.kv.KeyValueHandler --handler-jar example-kv/target/example-kv.jar}.
 *
 * <p>The wire: a lookup is an ECHO request (ACT op 1, or {@code POST /echo}); its key is its ACT modulo
 * {@link KeyValueStore#KEYS} (a load generator's acts spread evenly, so a load covers the key space), and
 * the value answered has the request's payload size, so the generator's checks of an ECHO answer hold.
 * Every other operation is refused with an ERROR: this service has none.
 *
 * <p>The rules it follows to be fair to every model (the module README explains each): it never blocks but
 * in {@code Session.blocking}; it answers every request exactly once, from the handler or from a completion;
 * it copies what it keeps beyond the call; its shared state is thread-safe; state of one connection would
 * live in its fields (one instance per connection).
 */
public class KeyValueHandler implements ServiceHandler {

    /** The JVM's one store, shared by every connection's handler. */
    final KeyValueStore store = KeyValueStore.shared();

    public KeyValueHandler() {
    }

    @Override
    public void handle(Session session, Request request) {
        if (!(request.operation() instanceof Operation.Echo echo)) {
            session.fail(request, ErrorCode.BAD_REQUEST, "the key-value service answers lookups (ECHO) only");
            return;
        }
        long key = Math.floorMod(request.act(), KeyValueStore.KEYS);
        int size = echo.data().remaining();
        byte[] value = store.get(key);
        if (value != null && value.length == size) {
            session.reply(request, Status.OK, ByteBuffer.wrap(value));
            return;
        }
        fetch(session, request, key, size);
    }

    /**
     * The miss path: the backend's blocking call, through {@link Session#blocking}, then the answer from its
     * completion. A subclass that overrides this shows what happens without it.
     */
    void fetch(Session session, Request request, long key, int size) {
        session.blocking(() -> SlowBackend.fetch(key, size), fetched -> {
            if (!fetched.ok()) {
                session.fail(request, ErrorCode.UNAVAILABLE, "the backend failed: " + fetched.failure());
                return;
            }
            store.put(key, fetched.value());
            session.reply(request, Status.OK, ByteBuffer.wrap(fetched.value()));
        });
    }
}
