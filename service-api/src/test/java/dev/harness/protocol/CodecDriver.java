package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.service.Request;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Drives a {@link WireCodec} the way a server does: append what was read to the input buffer, flip,
 * decode, compact, and grow the buffer to the capacity that decode asked for. Records every request,
 * every value decode returned, and the output.
 */
final class CodecDriver {

    final WireCodec codec;
    final OutBuffer out = new OutBuffer(32);
    final List<Request> requests = new ArrayList<>();
    final List<Integer> needs = new ArrayList<>();
    ByteBuffer in;
    boolean stopped;
    boolean paused;
    /** Called for each decoded request, inside decode (as a server's handler would be). */
    private final BiConsumer<CodecDriver, Request> onRequest;

    CodecDriver(WireCodec codec, int initialCapacity) {
        this(codec, initialCapacity, (d, r) -> { });
    }

    CodecDriver(WireCodec codec, int initialCapacity, BiConsumer<CodecDriver, Request> onRequest) {
        this.codec = codec;
        this.in = ByteBuffer.allocate(initialCapacity);
        this.onRequest = onRequest;
    }

    /** Feeds all of {@code data} as one read (or as many reads as the buffer needs). */
    CodecDriver feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Feeds {@code data} cut at the given ascending offsets, one read per piece. */
    CodecDriver feedSplit(byte[] data, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            feed(data, from, cut);
            from = cut;
        }
        return feed(data, from, data.length);
    }

    CodecDriver feedByteByByte(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            feed(data, i, i + 1);
        }
        return this;
    }

    CodecDriver feed(byte[] data, int from, int to) {
        int i = from;
        do {
            if (stopped) {
                return this;
            }
            if (paused) {
                fail("fed bytes while the codec is PAUSED");
            }
            int n = Math.min(in.remaining(), to - i);
            in.put(data, i, n);
            i += n;
            decodeOnce();
            if (i < to && !stopped && !paused && !in.hasRemaining()) {
                fail("the codec asked for " + needs.get(needs.size() - 1) + " bytes and leaves a full buffer of "
                        + in.capacity() + " unconsumed");
            }
        } while (i < to);
        return this;
    }

    /** One flip/decode/compact round without new input (e.g. after answers unpaused the codec). */
    int decodeOnce() {
        in.flip();
        int need = codec.decode(in, request -> {
            requests.add(request);
            onRequest.accept(this, request);
        }, out);
        in.compact();
        needs.add(need);
        paused = need == WireCodec.PAUSED;
        if (need == WireCodec.STOP_READING) {
            stopped = true;
        } else if (need > 0) {
            assertTrue(need > in.position(), "decode asked for " + need + " bytes but already holds "
                    + in.position() + " unconsumed bytes");
            if (need > in.capacity()) {
                in = ByteBuffer.allocate(need).put(in.flip());
            }
        }
        return need;
    }

    /**
     * Answers a request at once, as a service would: ECHO its bytes, WORK up to 1000 zero bytes, SUBSCRIBE
     * up to 3 events (OK..., LAST) of up to 100 bytes, RELAY its inner payload.
     */
    static void answer(CodecDriver d, Request r) {
        WireCodec c = d.codec;
        switch (r.operation()) {
            case dev.harness.service.Operation.Echo e -> c.reply(r, dev.harness.service.Status.OK, e.data(), d.out);
            case dev.harness.service.Operation.Work w ->
                    c.reply(r, dev.harness.service.Status.OK, ByteBuffer.allocate(Math.min(w.replyBytes(), 1000)), d.out);
            case dev.harness.service.Operation.Subscribe s -> {
                int events = Math.max(1, Math.min(s.count(), 3));
                for (int i = 1; i <= events; i++) {
                    byte[] event = new byte[Math.min(s.eventBytes(), 100)];
                    java.util.Arrays.fill(event, (byte) ('a' + i));
                    c.reply(r, i == events ? dev.harness.service.Status.LAST : dev.harness.service.Status.OK,
                            ByteBuffer.wrap(event), d.out);
                }
            }
            case dev.harness.service.Operation.Relay rl -> c.reply(r, dev.harness.service.Status.OK, rl.innerPayload(), d.out);
        }
    }

    int lastNeed() {
        return needs.get(needs.size() - 1);
    }

    /** Takes (and removes) everything in the output. */
    byte[] takeOut() {
        return drain(out);
    }

    static byte[] drain(OutBuffer out) {
        ByteBuffer view = out.readView();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        out.consumed(view);
        return bytes;
    }
}
