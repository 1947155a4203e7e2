package dev.harness.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The built-in services, except that WORK's wait is a blocking call — {@link Thread#sleep}, standing for a
 * JDBC query, a file read or a legacy client — made through {@link Session#blocking} instead of
 * {@link Session#await}: the {@code blocking-call} scenario of {@code harness run} serves WORK with it
 * ({@code --handler dev.harness.service.BlockingCallServices}). The thread models block the connection's
 * own thread in the sleep; the proactor hands it to its pool of blocking threads and gets the completion
 * back on the loop. What it costs each model — threads, context switches, memory, and where the model stops
 * keeping up — is what the scenario measures. Stateless; a new instance per connection costs one object.
 */
public final class BlockingCallServices implements ServiceHandler {

    public BlockingCallServices() {
    }

    @Override
    public void handle(Session session, Request request) {
        if (!(request.operation() instanceof Operation.Work work) || work.waitMicros() == 0) {
            BuiltinServices.INSTANCE.handle(session, request);
            return;
        }
        String over = WorkService.overLimit(work, session.limits());
        if (over != null) {
            session.fail(request, ErrorCode.BAD_REQUEST, over);
            return;
        }
        WorkService.burnCpu(work.cpuMicros());
        Duration wait = Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(work.waitMicros()));
        session.blocking(() -> {
            Thread.sleep(wait);
            return null;
        }, slept -> {
            if (slept.ok()) {
                session.reply(request, Status.OK, Payloads.zeros(work.replyBytes()));
            } else {
                session.fail(request, ErrorCode.UNAVAILABLE, "the blocking call failed: " + slept.failure());
            }
        });
    }
}
