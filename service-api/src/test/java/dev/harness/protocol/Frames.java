package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Small helpers of the codec tests: bytes written out, UTF-8 text, and the check that an output is one ERROR
 * frame. The frames themselves are built and read by {@link ActFrames}, from docs/protocol.md §1 directly,
 * independently of {@link ActCodec}.
 */
final class Frames {

    private Frames() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses exactly one frame and checks it is an ERROR frame with a UTF-8 message. */
    static ActFrames.Frame singleError(byte[] bytes, long act) {
        List<ActFrames.Frame> frames = ActFrames.parse(bytes);
        assertEquals(1, frames.size(), "exactly one ERROR frame expected, got " + frames.size());
        ActFrames.Frame f = frames.get(0);
        assertEquals(act, f.act(), "ERROR frame act");
        assertEquals(2, f.status(), "ERROR frame status");
        assertEquals(0, f.reserved(), "reserved");
        assertTrue(f.payload().length > 0, "an ERROR frame carries a message");
        f.text();
        return f;
    }
}
