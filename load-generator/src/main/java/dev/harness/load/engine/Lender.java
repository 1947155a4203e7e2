package dev.harness.load.engine;

import dev.harness.load.client.ActResponseDecoder;
import dev.harness.load.client.HttpResponseDecoder;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.ResponseDecoder;

/**
 * What an {@link IoLoop} lends its connections while they need it, so that an idle connection holds
 * neither: an {@link Outbox} while bytes wait to be written, a {@link ResponseDecoder} while an answer is
 * split across reads. Each is a stack of free objects, made on demand and pooled when given back.
 *
 * <p>Invariant: an object is held by at most one connection or the pool; an outbox comes back cleared, and
 * a decoder only between answers (one that failed is dropped, its state cannot be trusted). Cost: borrowing
 * and giving back are a few array stores, no allocation once the pools hold enough; the pools keep at most
 * {@code RETAINED_OUTBOX_BYTES} (1 MiB) of free outboxes and {@code RETAINED_DECODERS} (256) free decoders,
 * anything beyond is left to the garbage collector. One I/O thread.
 */
final class Lender {

    private static final int RETAINED_OUTBOX_BYTES = 1 << 20;
    private static final int RETAINED_DECODERS = 256;

    private final int outboxBytes;
    private final int inflight;
    private final Outbox[] freeOutboxes;
    private int freeOutboxCount;

    private final boolean act;
    private final int maxPayloadBytes;
    private final AnswerCheck answers;
    private final ResponseDecoder[] freeDecoders = new ResponseDecoder[RETAINED_DECODERS];
    private int freeDecoderCount;

    /** @param answers the listener of every decoder made here */
    Lender(RunPlan plan, AnswerCheck answers) {
        inflight = plan.inflight();
        outboxBytes = (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(4096L, (long) inflight * plan.template().bytes().length));
        freeOutboxes = new Outbox[Math.max(1, RETAINED_OUTBOX_BYTES / outboxBytes)];
        act = plan.template().protocol() == Protocol.ACT;
        maxPayloadBytes = plan.maxPayloadBytes();
        this.answers = answers;
    }

    /** An empty outbox, room for {@code inflight} requests. */
    Outbox borrowOutbox() {
        if (freeOutboxCount > 0) {
            Outbox out = freeOutboxes[--freeOutboxCount];
            freeOutboxes[freeOutboxCount] = null;
            return out;
        }
        return new Outbox(outboxBytes, inflight);
    }

    void giveBack(Outbox out) {
        if (freeOutboxCount < freeOutboxes.length) {
            out.clear();
            freeOutboxes[freeOutboxCount++] = out;
        }
    }

    /** A decoder between answers, for the run's protocol, reporting to {@link AnswerCheck}. */
    ResponseDecoder borrowDecoder() {
        if (freeDecoderCount > 0) {
            ResponseDecoder decoder = freeDecoders[--freeDecoderCount];
            freeDecoders[freeDecoderCount] = null;
            return decoder;
        }
        return act ? new ActResponseDecoder(maxPayloadBytes, answers) : new HttpResponseDecoder(answers);
    }

    /** @param decoder between answers ({@link ResponseDecoder#betweenResponses()}) */
    void giveBack(ResponseDecoder decoder) {
        if (freeDecoderCount < freeDecoders.length) {
            freeDecoders[freeDecoderCount++] = decoder;
        }
    }
}
