/**
 * Client-side codecs: the bytes the generator sends and the incremental decoders for what comes back.
 *
 * <p>{@link dev.harness.load.client.RequestTemplate} precomputes one request per workload; the engine copies
 * it into a connection's output buffer and, for ACT frames, patches the 8-byte act in place.
 * {@link dev.harness.load.client.ActResponseDecoder} and {@link dev.harness.load.client.HttpResponseDecoder}
 * take bytes in any split (one byte at a time, or many responses coalesced in one read), keep a few
 * fields of state between calls, never copy a payload and allocate nothing per response.
 *
 * <pre>{@code
 * RequestTemplate echo = RequestTemplate.of(Protocol.ACT, Workload.ECHO, params, "127.0.0.1:9000");
 * ActResponseDecoder decoder = new ActResponseDecoder(1 << 20,
 *         (act, op, status, payloadBytes) -> table.complete(act, status, payloadBytes));
 * if (!decoder.decode(readBuffer)) { ... a frame header that cannot be trusted: close the connection ... }
 * }</pre>
 */
package dev.harness.load.client;
