package dev.harness.protocol;

import dev.harness.service.Request;

/** Where a {@link WireCodec} delivers each request it decodes, in arrival order. */
@FunctionalInterface
public interface Inbound {
    void onRequest(Request request);

    /**
     * Requests delivered whose last answer has not been given yet. A server whose handlers answer inside
     * {@link #onRequest} owes none when decoding stops; one whose handlers may answer from a later completion
     * says how many, so that the ERROR frame with act 0 of a header that cannot be trusted comes after them.
     */
    default int answersOwed() {
        return 0;
    }
}
