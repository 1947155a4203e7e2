/**
 * The wire protocols of docs/protocol.md on one port: {@link dev.harness.protocol.WireCodec#detect} picks the
 * codec from a connection's first byte — {@code 0x00} for {@link dev.harness.protocol.ActCodec} (binary ACT
 * frames), an ASCII upper-case letter for {@link dev.harness.protocol.HttpCodec} (HTTP/1.1).
 * {@link dev.harness.protocol.ActFrameHeader} is the one reader of an ACT frame's header, for the codec and
 * for every client of ACT frames: the servers' RELAY downstreams and the load generator.
 *
 * <p>Both decode incrementally from a {@link java.nio.ByteBuffer} and encode into an
 * {@link dev.harness.protocol.OutBuffer}; every bound is a {@link dev.harness.service.Limits} value. A
 * server's read loop is the same for both:
 *
 * <pre>{@code
 * in.flip();
 * int need = codec.decode(in, request -> handler.handle(session, request), out);
 * in.compact();
 * write(out);
 * if (need == WireCodec.STOP_READING || codec.finished()) close();
 * else if (need > in.capacity()) grow(in, need);
 * }</pre>
 */
package dev.harness.protocol;
