package dev.harness.service;

import java.nio.charset.StandardCharsets;

/**
 * RELAY: a chain of services. The server becomes an initiator on its downstream through
 * {@link Session#call}, which sends the inner request under an act of the server's own; each downstream
 * answer goes back to the client under the client's original act, with the downstream's payload and status.
 */
public final class RelayService {

    private RelayService() {
    }

    static void handle(Session session, Request request, Operation.Relay relay) {
        session.call(relay.innerOp(), relay.innerPayload(), reply -> {
            if (reply.status() == Status.ERROR) {
                session.fail(request, reply.error(), StandardCharsets.UTF_8.decode(reply.payload().duplicate()).toString());
            } else {
                session.reply(request, reply.status(), reply.payload());
            }
        });
    }
}
