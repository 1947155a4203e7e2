package dev.harness.protocol;

import dev.harness.service.Request;

/** Where a {@link WireCodec} delivers each request it decodes, in arrival order. */
@FunctionalInterface
public interface Inbound {
    void onRequest(Request request);
}
