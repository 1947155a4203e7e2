package dev.harness.service;

/**
 * The application code that every server model runs unchanged (the service handler of
 * Acceptor-Connector). The server activates one handler per connection with {@link #open}, passes it each
 * decoded request, and closes it with {@link #close}.
 */
public interface ServiceHandler {

    /** The activation hook: the connection is established. */
    default void open(Session session) {
    }

    /** Handles one request; answers through {@link Session#reply} now or from a later completion. */
    void handle(Session session, Request request);

    /** The connection is gone; no completion of this session will run after this returns. */
    default void close(Session session) {
    }
}
