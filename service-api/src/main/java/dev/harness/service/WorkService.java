package dev.harness.service;

import java.util.concurrent.TimeUnit;

/**
 * WORK: burns {@code cpu_us} of CPU on the thread that runs the handler, then waits {@code wait_us} through
 * {@link Session#await} — a blocked platform thread, a parked virtual thread or a proactor timer, as the
 * model does it — then answers {@code reply_bytes} bytes.
 */
public final class WorkService {

    private static volatile long sink;

    private WorkService() {
    }

    static void handle(Session session, Request request, Operation.Work work) {
        Limits limits = session.limits();
        String over = overLimit(work, limits);
        if (over != null) {
            session.fail(request, ErrorCode.BAD_REQUEST, over);
            return;
        }
        burnCpu(work.cpuMicros());
        if (work.waitMicros() == 0) {
            session.reply(request, Status.OK, Payloads.zeros(work.replyBytes()));
        } else {
            session.await(TimeUnit.MICROSECONDS.toNanos(work.waitMicros()),
                    () -> session.reply(request, Status.OK, Payloads.zeros(work.replyBytes())));
        }
    }

    static String overLimit(Operation.Work work, Limits limits) {
        if (work.cpuMicros() > limits.maxCpuMicros()) {
            return "cpu_us " + work.cpuMicros() + " is over the limit " + limits.maxCpuMicros();
        }
        if (work.waitMicros() > limits.maxWaitMicros()) {
            return "wait_us " + work.waitMicros() + " is over the limit " + limits.maxWaitMicros();
        }
        if (work.replyBytes() > limits.maxReplyBytes()) {
            return "reply_bytes " + work.replyBytes() + " is over the limit " + limits.maxReplyBytes();
        }
        return null;
    }

    /**
     * Spins on the current thread for {@code micros} of wall time, computing something the JIT cannot
     * remove. Wall time rather than thread CPU time: reading the thread's CPU clock is a system call that
     * would itself dominate short bursts; on a loaded machine a descheduled spin counts as burnt.
     */
    public static void burnCpu(int micros) {
        if (micros <= 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        long x = sink;
        do {
            for (int i = 0; i < 64; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        } while (System.nanoTime() < deadline);
        sink = x;
    }
}
