package dev.harness.service;

/**
 * Makes the {@link ServiceHandler} of each new connection: Acceptor-Connector's make-service-handler.
 * Every server model calls {@link #newHandler()} once per connection it activates, so a handler may keep
 * per-connection state in its fields; what it shares between connections it must make safe for the
 * threads of every model (the thread models run connections in parallel, the proactor on several loops).
 */
public interface ServiceHandlerFactory {

    /** The handler of one new connection. */
    ServiceHandler newHandler();

    /** What the handler is, for reports and messages: its class name. */
    String name();

    /** The built-in services (echo, work, subscribe, relay): one stateless instance for every connection. */
    static ServiceHandlerFactory builtins() {
        return shared(BuiltinServices.INSTANCE);
    }

    /** {@code handler} itself for every connection: for a handler that keeps no state of a connection. */
    static ServiceHandlerFactory shared(ServiceHandler handler) {
        return new Shared(handler);
    }

    /** The factory of {@link #shared}. */
    record Shared(ServiceHandler handler) implements ServiceHandlerFactory {
        @Override
        public ServiceHandler newHandler() {
            return handler;
        }

        @Override
        public String name() {
            return handler.getClass().getName();
        }
    }
}
