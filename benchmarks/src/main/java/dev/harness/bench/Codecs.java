package dev.harness.bench;

import dev.harness.load.client.Protocol;
import dev.harness.load.client.RequestTemplate;
import dev.harness.load.client.Workload;
import dev.harness.protocol.ActCodec;
import dev.harness.protocol.HttpCodec;
import dev.harness.protocol.Inbound;
import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the protocol costs per request on the server's hot path, in time and in bytes allocated: decoding a
 * request and encoding its answer, for ACT frames (a fixed binary header that carries the token) and for
 * HTTP/1.1 (text to parse). It underlies claim 3 of docs/design.md: every server model runs these codecs, so
 * their cost is the floor under each model's cost per request, and what the ACT itself adds to a frame.
 *
 * <p>The Asynchronous Completion Token pattern (POSA2) asks that "the data transferred to help demultiplex
 * completion events to their handlers should add minimal extra bytes beyond an operation's input parameters
 * and return values", and finds ACTs "time efficient because they need not require complex parsing of data
 * returned with the service response". An ACT frame's token is 8 bytes of its 16-byte header, read with one
 * {@code getLong}.
 *
 * <p>Run it with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per operation. What to
 * expect, and why not zero:
 *
 * <ul>
 *   <li>Encoding into a reused {@link OutBuffer} that is drained after each answer allocates nothing
 *       ({@link #actEncodeReply}).
 *   <li>Decoding allocates the {@link Request} and its {@link Operation}: the codec hands them to the
 *       {@code ServiceHandler}, which may keep them past the read (a RELAY, a delayed WORK), so they escape
 *       by design. ECHO also copies its payload ({@link #actDecodeEcho}): the read buffer is compacted and
 *       reused before the answer is written. Anything more than that in a result is the codec's own
 *       garbage, worth a look.
 * </ul>
 *
 * <p>Why it is fair: the requests are the bytes the load generator sends ({@link RequestTemplate}), decoded
 * through the public entry points the servers call, {@link WireCodec#decode} and {@link WireCodec#reply},
 * with the connection's {@link OutBuffer} drained after each answer as the proactor drains it
 * ({@link OutBuffer#readView()}, {@link OutBuffer#consumed}). Each input buffer holds one request and is
 * rewound before each decode, so no method pays for copying input. HTTP holds every request it took until
 * it is answered (it answers in request order), so HTTP is measured as decode and reply together; so is
 * ACT ({@link #actRoundTripWork}), for a like-for-like comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class Codecs implements Inbound {

    /** Payload bytes of the ECHO request and of every answer. */
    static final int PAYLOAD_BYTES = 64;

    private final Limits limits = Limits.defaults();
    private final OutBuffer out = new OutBuffer(512);
    private ActCodec act;
    private HttpCodec http;
    private ByteBuffer actWork;
    private ByteBuffer actEcho;
    private ByteBuffer httpGetEcho;
    private ByteBuffer httpGetWork;
    private ByteBuffer answer;
    private Request workRequest;
    /** The request the last decode handed over. */
    private Request last;

    @Setup(Level.Trial)
    public void connect() {
        act = new ActCodec(limits);
        http = new HttpCodec(limits);
        RequestTemplate.Params params = new RequestTemplate.Params(PAYLOAD_BYTES, 0, 0, 0, PAYLOAD_BYTES, 0, 0);
        actWork = request(Protocol.ACT, Workload.WORK, params);
        actEcho = request(Protocol.ACT, Workload.ECHO, params);
        httpGetEcho = request(Protocol.HTTP, Workload.ECHO,
                new RequestTemplate.Params(0, 0, 0, 0, PAYLOAD_BYTES, 0, 0));
        httpGetWork = request(Protocol.HTTP, Workload.WORK, params);
        answer = ByteBuffer.allocate(PAYLOAD_BYTES);
        workRequest = new Request(42L, new Operation.Work(0, 0, PAYLOAD_BYTES));
    }

    private static ByteBuffer request(Protocol protocol, Workload workload, RequestTemplate.Params params) {
        RequestTemplate template = RequestTemplate.of(protocol, workload, params, "bench");
        ByteBuffer in = ByteBuffer.allocate(template.bytes().length);
        template.writeTo(in, 42L);
        return in.flip();
    }

    @Override
    public void onRequest(Request request) {
        last = request;
    }

    @Benchmark
    public Request actDecodeWork() {
        return decode(act, actWork);
    }

    @Benchmark
    public Request actDecodeEcho() {
        return decode(act, actEcho);
    }

    @Benchmark
    public int actEncodeReply() {
        act.reply(workRequest, Status.OK, answer, out);
        return drain();
    }

    @Benchmark
    public int actRoundTripWork() {
        act.reply(decode(act, actWork), Status.OK, answer, out);
        return drain();
    }

    @Benchmark
    public int httpRoundTripGetEcho() {
        Request request = decode(http, httpGetEcho);
        http.reply(request, Status.OK, ((Operation.Echo) request.operation()).data(), out);
        return drain();
    }

    @Benchmark
    public int httpRoundTripGetWork() {
        http.reply(decode(http, httpGetWork), Status.OK, answer, out);
        return drain();
    }

    /** Decodes the one request in {@code in} and returns it; fails when the codec answered with an error. */
    private Request decode(WireCodec codec, ByteBuffer in) {
        in.rewind();
        last = null;
        int need = codec.decode(in, this, out);
        if (last == null || need == WireCodec.STOP_READING || !out.isEmpty()) {
            throw new IllegalStateException("the codec did not take the request (decode returned " + need
                    + ", " + out.readableBytes() + " bytes of error answer)");
        }
        return last;
    }

    /** Takes everything encoded out of the connection's buffer, as a write to the socket would, and keeps the buffer. */
    private int drain() {
        ByteBuffer pending = out.readView();
        int bytes = pending.remaining();
        pending.position(pending.limit());
        out.consumed(pending);
        return bytes;
    }
}
