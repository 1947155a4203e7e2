package dev.harness.service;

/** ECHO: answers the request's bytes back, at once. */
public final class EchoService {

    private EchoService() {
    }

    static void handle(Session session, Request request, Operation.Echo echo) {
        session.reply(request, Status.OK, echo.data());
    }
}
