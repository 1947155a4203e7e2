package dev.harness.conformance;

import dev.harness.service.BuiltinServices;
import dev.harness.service.ErrorCode;
import dev.harness.service.Request;
import dev.harness.service.ServiceHandler;
import dev.harness.service.Session;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handler {@link HandlerContractTest} runs: unlike the built-in services it is one instance per
 * connection, and it answers every request from the completion of a {@link Session#blocking} call — on the
 * connection's own thread in the thread models, from a pool thread back to the event loop in the proactor —
 * before it hands the request to the built-in services, whose answers the kit's checks know. So the
 * protocol's framing, errors and hostile clients are checked with every answer coming late, from a
 * completion, as a user's handler that blocks would give them.
 *
 * <p>It also counts the handlers opened and closed, so the kit can check that a server closes every
 * handler it opened.
 */
public final class CompletingHandler implements ServiceHandler {

    static final AtomicInteger OPENED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    private Session opened;

    public CompletingHandler() {
    }

    @Override
    public void open(Session session) {
        opened = session;
        OPENED.incrementAndGet();
    }

    @Override
    public void handle(Session session, Request request) {
        if (session != opened) {
            throw new IllegalStateException("a handler got a request of another connection's session");
        }
        session.blocking(Thread::currentThread, blocked -> {
            if (blocked.ok()) {
                BuiltinServices.INSTANCE.handle(session, request);
            } else {
                session.fail(request, ErrorCode.UNAVAILABLE, blocked.failure().toString());
            }
        });
    }

    @Override
    public void close(Session session) {
        CLOSED.incrementAndGet();
    }
}
