package dev.harness.service;

import java.util.concurrent.TimeUnit;

/**
 * SUBSCRIBE: one request, {@code count} answers under the same act — one event every {@code interval_us},
 * the last with status LAST. Each interval is a {@link Session#await}, so the stream costs a blocked thread
 * in the thread models and a timer in the proactor.
 */
public final class SubscribeService {

    private SubscribeService() {
    }

    static void handle(Session session, Request request, Operation.Subscribe subscribe) {
        Limits limits = session.limits();
        if (subscribe.count() < 1 || subscribe.count() > limits.maxEvents()) {
            session.fail(request, ErrorCode.BAD_REQUEST,
                    "count must be 1.." + limits.maxEvents() + ", got " + subscribe.count());
        } else if (subscribe.intervalMicros() > limits.maxIntervalMicros()) {
            session.fail(request, ErrorCode.BAD_REQUEST,
                    "interval_us " + subscribe.intervalMicros() + " is over the limit " + limits.maxIntervalMicros());
        } else if (subscribe.eventBytes() > limits.maxEventBytes()) {
            session.fail(request, ErrorCode.BAD_REQUEST,
                    "event_bytes " + subscribe.eventBytes() + " is over the limit " + limits.maxEventBytes());
        } else {
            next(session, request, subscribe, 1);
        }
    }

    private static void next(Session session, Request request, Operation.Subscribe subscribe, int event) {
        session.await(TimeUnit.MICROSECONDS.toNanos(subscribe.intervalMicros()), () -> {
            boolean last = event == subscribe.count();
            session.reply(request, last ? Status.LAST : Status.OK, Payloads.zeros(subscribe.eventBytes()));
            if (!last) {
                next(session, request, subscribe, event + 1);
            }
        });
    }
}
