package dev.harness.load.client;

import java.nio.ByteBuffer;

/**
 * An incremental decoder of the answers on one connection, fed whatever bytes arrive. Between answers it
 * holds nothing that the next answer needs, so an engine can lend one decoder to a connection only while
 * an answer is split across reads and give it to another connection afterwards.
 */
public sealed interface ResponseDecoder permits ActResponseDecoder, HttpResponseDecoder {

    /**
     * Consumes all of {@code in}, reporting each complete answer to the decoder's listener.
     *
     * @return false when the bytes cannot be framed (the connection must be closed)
     */
    boolean decode(ByteBuffer in);

    /** True when no answer is partly decoded: the decoder is as new. */
    boolean betweenResponses();
}
