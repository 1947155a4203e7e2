package dev.harness.load.engine;

import dev.harness.load.client.ActResponseDecoder;
import dev.harness.load.client.HttpResponseDecoder;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.RequestTemplate;
import dev.harness.load.record.ThreadRecorders;
import dev.harness.service.Status;

/**
 * The listener of every response decoder of one {@link IoLoop}: it finds the request each answer belongs to
 * (by its act in O(1) for ACT, the oldest outstanding for HTTP, which answers in order), checks the answer
 * against the request, and completes the request: latency and service time are recorded for a measured
 * request that was answered right (a wrong answer leaves it unanswered: {@link Censoring}), and its slot is
 * freed for the next request.
 *
 * <p>Invariant: an answer with no request outstanding for it is an error by kind ({@link ErrorKind}); any
 * other completes its request, once (a stream at its last frame), and a wrong one is an error by kind too.
 * An error counts when it arrives after warmup; a completion, its latency and its out-of-order count when
 * its request was measured. Cost per answer: one O(1) act lookup (HTTP: the oldest of at most
 * {@code inflight} slots), two histogram records, no allocation; the out-of-order check of a measured ACT
 * answer visits its connection's slots, at most {@code inflight}. One I/O thread.
 */
final class AnswerCheck implements ActResponseDecoder.FrameListener, HttpResponseDecoder.ResponseListener {

    private final IoLoop loop;
    private final InFlight inFlight;
    private final RunPlan plan;
    private final RequestTemplate template;
    private final boolean act;
    private final LoopCounters counters;
    private final ThreadRecorders recorders;
    private final Censoring censoring;
    /** The connection whose bytes are being decoded, and when they were read. */
    private Connection reading;
    private long now;

    AnswerCheck(IoLoop loop, InFlight inFlight, RunPlan plan, LoopCounters counters, ThreadRecorders recorders,
                Censoring censoring) {
        this.loop = loop;
        this.inFlight = inFlight;
        this.plan = plan;
        this.template = plan.template();
        this.act = template.protocol() == Protocol.ACT;
        this.counters = counters;
        this.recorders = recorders;
        this.censoring = censoring;
    }

    /** The answers decoded next are {@code c}'s, read at {@code now}. */
    void reading(Connection c, long now) {
        this.reading = c;
        this.now = now;
    }

    @Override
    public void onFrame(long a, byte op, byte status, int payloadBytes) {
        Connection c = reading;
        PendingRequests p = c.pending;
        if (a == 0 && status == Status.ERROR.code()) {
            error(ErrorKind.CONNECTION_ERROR); // acts start at generation 1: act 0 is never a request's
            return;
        }
        int slot = p == null ? PendingRequests.withoutTable(a, c.droppedGenerations(), plan.inflight()) : p.lookup(a);
        if (slot < 0) {
            error(slot == PendingRequests.STALE ? ErrorKind.STALE_ACT : ErrorKind.UNKNOWN_ACT);
            return;
        }
        if (op != template.op()) {
            error(ErrorKind.WRONG_OP);
            complete(c, slot, false);
        } else if (status == Status.ERROR.code()) {
            error(ErrorKind.ERROR_STATUS);
            complete(c, slot, false);
        } else if (template.expectedBytes() >= 0 && payloadBytes != template.expectedBytes()) {
            error(ErrorKind.WRONG_SIZE);
            complete(c, slot, false);
        } else if (template.expectedFrames() > 1) {
            int frames = p.addFrame(slot);
            if (p.measured(slot)) {
                counters.events++;
            }
            boolean last = status == Status.LAST.code();
            if (last || frames >= template.expectedFrames()) {
                boolean right = last && frames == template.expectedFrames();
                if (!right) {
                    error(ErrorKind.WRONG_FRAMES);
                }
                complete(c, slot, right);
            }
        } else {
            complete(c, slot, true);
        }
    }

    @Override
    public void onResponse(int statusCode, long bodyBytes, int chunks, boolean close) {
        Connection c = reading;
        c.closing |= close;             // set before the slot is freed, so that nothing more is sent on it
        int slot = c.pending == null ? -1 : c.pending.oldest();
        if (slot < 0) {
            error(ErrorKind.UNEXPECTED_RESPONSE);
            return;
        }
        if (c.pending.measured(slot)) {
            counters.events += chunks;
        }
        if (statusCode != 200) {
            error(ErrorKind.HTTP_STATUS);
            complete(c, slot, false);
        } else if (template.expectedBytes() >= 0 && bodyBytes != template.expectedBytes()) {
            error(ErrorKind.WRONG_SIZE);
            complete(c, slot, false);
        } else if (template.expectedFrames() > 0 && chunks != template.expectedFrames()) {
            error(ErrorKind.WRONG_FRAMES);
            complete(c, slot, false);
        } else {
            complete(c, slot, true);
        }
    }

    /** Counts an error of {@code kind} found in the bytes read last, unless they were read during warmup. */
    void error(ErrorKind kind) {
        if (now >= plan.measureStartNanos()) {
            counters.errors[kind.ordinal()]++;
        }
    }

    private void complete(Connection c, int slot, boolean ok) {
        PendingRequests p = c.pending;
        if (ok && now >= plan.measureStartNanos() && now <= plan.measureEndNanos()) {
            counters.completedInWindow++;
        }
        if (p.measured(slot)) {
            if (act && p.overtakes(slot)) {
                counters.outOfOrder++;
            }
            if (ok) {
                counters.completed++;
                recorders.latency.recordValue(now - p.intendedNanos(slot));
                recorders.service.recordValue(now - p.sentNanos(slot));
            } else {
                censoring.unanswered(p.intendedNanos(slot));
            }
        }
        c.answered |= ok;
        inFlight.release(c, slot);
        loop.slotFreed(c);
    }
}
