package dev.harness.service;

/**
 * The {@link ServiceHandler} every server runs: routes each operation to its service. Stateless, so one
 * instance serves every connection of every model.
 */
public final class BuiltinServices implements ServiceHandler {

    public static final BuiltinServices INSTANCE = new BuiltinServices();

    private BuiltinServices() {
    }

    @Override
    public void handle(Session session, Request request) {
        switch (request.operation()) {
            case Operation.Echo echo -> EchoService.handle(session, request, echo);
            case Operation.Work work -> WorkService.handle(session, request, work);
            case Operation.Subscribe subscribe -> SubscribeService.handle(session, request, subscribe);
            case Operation.Relay relay -> RelayService.handle(session, request, relay);
        }
    }
}
