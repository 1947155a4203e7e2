package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.RELAY;
import static dev.harness.conformance.ActFrames.STATUS_LAST;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.SUBSCRIBE;
import static dev.harness.conformance.ActFrames.WORK;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.ActFrames.relay;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.PACE;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertEventStream;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertFrameOfSize;
import static dev.harness.conformance.Wire.countsOf;
import static dev.harness.conformance.Wire.pattern;
import static dev.harness.conformance.Wire.range;
import static dev.harness.conformance.Wire.readAnswers;

import dev.harness.conformance.ActFrames.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Framing of ACT frames: many frames per write, frames spread over many writes (cut at every offset, one byte
 * per write), and a half-closed client; answers are matched by act, never by position. Runs on the kit's
 * servers over a few connections; the split writes are paced so that each piece reaches the server as a read
 * of its own.
 */
abstract class ActFramingContract extends ContractTopic {

    ActFramingContract(ContractKit kit) {
        super(kit);
    }

    @Test
    void manyMixedFramesInOneWriteAreAllAnsweredMatchedByAct() throws IOException {
        Map<Long, Integer> framesPerAct = new HashMap<>();
        Map<Long, byte[]> echoes = new HashMap<>();
        Map<Long, Integer> replyBytes = new HashMap<>();
        byte[] all = new byte[0];
        for (int i = 0; i < 150; i++) {
            long a = 0x7000_0000_0000L + i;
            switch (i % 3) {
                case 0 -> {
                    echoes.put(a, pattern(i * 7 % 301, i));
                    all = concat(all, echo(a, echoes.get(a)));
                    framesPerAct.put(a, 1);
                }
                case 1 -> {
                    replyBytes.put(a, i);
                    all = concat(all, work(a, 10, (i % 5) * 200, i));
                    framesPerAct.put(a, 1);
                }
                default -> {
                    replyBytes.put(a, i % 20);
                    all = concat(all, subscribe(a, 1 + i % 4, 100, i % 20));
                    framesPerAct.put(a, 1 + i % 4);
                }
            }
        }
        try (ActTestClient c = act()) {
            c.send(all);
            Map<Long, List<Frame>> answers = readAnswers(c, framesPerAct);
            for (Map.Entry<Long, List<Frame>> e : answers.entrySet()) {
                long a = e.getKey();
                List<Frame> frames = e.getValue();
                if (echoes.containsKey(a)) {
                    assertFrame(frames.get(0), a, ECHO, STATUS_OK, echoes.get(a));
                } else if (frames.get(0).op() == WORK) {
                    assertFrameOfSize(frames.get(0), a, WORK, STATUS_OK, replyBytes.get(a));
                } else {
                    for (int k = 0; k < frames.size(); k++) {
                        assertFrameOfSize(frames.get(k), a, SUBSCRIBE,
                                k == frames.size() - 1 ? STATUS_LAST : STATUS_OK, replyBytes.get(a));
                    }
                }
            }
        }
    }

    @Test
    void coalescedFramesWithOneCutAcrossTheWriteBoundary() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            frames.add(echo(i, pattern(10 + i, i)));
        }
        byte[] all = concat(frames.toArray(byte[][]::new));
        int startOf11th = 0;
        for (int i = 0; i < 10; i++) {
            startOf11th += frames.get(i).length;
        }
        try (ActTestClient c = act()) {
            // cut inside the 11th header, then inside the 15th payload
            int cutInPayload = startOf11th + frames.get(10).length + frames.get(11).length + frames.get(12).length
                    + frames.get(13).length + 16 + 5;
            c.sendSplit(all, PACE, startOf11th + 7, cutInPayload);
            Map<Long, List<Frame>> answers = readAnswers(c, countsOf(range(0, 20), 1));
            for (long a = 0; a < 20; a++) {
                assertFrame(answers.get(a).get(0), a, ECHO, STATUS_OK, pattern(10 + (int) a, (int) a));
            }
        }
    }

    @Test
    void framesSplitAtEveryOffsetAreAnswered() throws IOException {
        byte[] echoFrame = echo(0x0102_0304_0506_0708L, ascii("split-frame"));
        byte[] workFrame = work(0x1112_1314_1516_1718L, 0, 0, 5);
        try (ActTestClient c = act()) {
            // the very first piece on the connection is one byte: protocol detection on the first byte alone
            for (int cut = 1; cut < echoFrame.length; cut++) {
                try {
                    c.sendSplit(echoFrame, PACE, cut);
                    assertFrame(c.read(IO), 0x0102_0304_0506_0708L, ECHO, STATUS_OK, ascii("split-frame"));
                } catch (IOException | AssertionError e) {
                    throw new AssertionError("ECHO frame split after byte " + cut + " of " + echoFrame.length, e);
                }
            }
            for (int cut = 1; cut < workFrame.length; cut++) {
                try {
                    c.sendSplit(workFrame, PACE, cut);
                    assertFrameOfSize(c.read(IO), 0x1112_1314_1516_1718L, WORK, STATUS_OK, 5);
                } catch (IOException | AssertionError e) {
                    throw new AssertionError("WORK frame split after byte " + cut + " of " + workFrame.length, e);
                }
            }
        }
    }

    @Test
    void framesDeliveredOneBytePerWriteAreAnswered() throws IOException {
        try (ActTestClient c = act()) {
            c.sendByteByByte(echo(21, ascii("byte by byte")), PACE);
            assertFrame(c.read(IO), 21, ECHO, STATUS_OK, ascii("byte by byte"));
            c.sendByteByByte(subscribe(22, 2, 0, 3), PACE);
            assertEventStream(c, 22, 2, 3);
            c.sendByteByByte(relay(23, ECHO, ascii("relayed")), PACE);
            assertFrame(c.read(IO), 23, RELAY, STATUS_OK, ascii("relayed"));
        }
    }

    @Test
    void halfClosedClientStillGetsItsAnswers() throws IOException {
        try (ActTestClient c = act()) {
            c.send(concat(echo(1, ascii("then FIN")), work(2, 0, 1_000, 3)));
            c.shutdownOutput();
            Map<Long, List<Frame>> answers = readAnswers(c, countsOf(List.of(1L, 2L), 1));
            assertFrame(answers.get(1L).get(0), 1, ECHO, STATUS_OK, ascii("then FIN"));
            assertFrameOfSize(answers.get(2L).get(0), 2, WORK, STATUS_OK, 3);
            c.assertClosedByServer(IO);
        }
    }
}
