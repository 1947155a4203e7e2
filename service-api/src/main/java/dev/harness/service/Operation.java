package dev.harness.service;

import java.nio.ByteBuffer;

/**
 * The operations of the wire protocol, decoded. The ACT-frame and HTTP codecs both produce these, so a
 * service never sees which protocol a request came in.
 */
public sealed interface Operation {

    byte ECHO = 0x01;
    byte WORK = 0x02;
    byte SUBSCRIBE = 0x03;
    byte RELAY = 0x04;

    /** The op byte of docs/protocol.md. */
    byte code();

    /** Answers its bytes back. {@code data} is owned by the request: read it, never change it. */
    record Echo(ByteBuffer data) implements Operation {
        @Override
        public byte code() {
            return ECHO;
        }
    }

    /** Burns {@code cpuMicros} of CPU, waits {@code waitMicros} in the server's model, answers {@code replyBytes}. */
    record Work(int cpuMicros, int waitMicros, int replyBytes) implements Operation {
        @Override
        public byte code() {
            return WORK;
        }
    }

    /** Streams {@code count} events of {@code eventBytes}, one every {@code intervalMicros}, under one act. */
    record Subscribe(int count, int intervalMicros, int eventBytes) implements Operation {
        @Override
        public byte code() {
            return SUBSCRIBE;
        }
    }

    /** Forwards an inner request, undecoded, to the downstream server. */
    record Relay(byte innerOp, ByteBuffer innerPayload) implements Operation {
        @Override
        public byte code() {
            return RELAY;
        }
    }

    /** Whether {@code op} is answered by a stream of frames ending with status LAST. */
    static boolean isStream(byte op) {
        return op == SUBSCRIBE;
    }
}
