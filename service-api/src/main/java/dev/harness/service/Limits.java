package dev.harness.service;

/**
 * Every bound a server enforces on what a client may ask for. A request over a bound gets an error
 * answer (ERROR frame or HTTP 4xx), never an allocation sized by the request.
 *
 * @param maxPayloadBytes   largest ACT-frame payload (docs/protocol.md: default 1 MiB)
 * @param maxHeaderBytes    largest HTTP request line plus header section (default 8 KiB; over it: 431)
 * @param maxBodyBytes      largest HTTP request body (over it: 413)
 * @param maxCpuMicros      largest WORK {@code cpu_us}
 * @param maxWaitMicros     largest WORK {@code wait_us}
 * @param maxReplyBytes     largest WORK {@code reply_bytes}
 * @param maxEvents         largest SUBSCRIBE {@code count}
 * @param maxIntervalMicros largest SUBSCRIBE {@code interval_us}
 * @param maxEventBytes     largest SUBSCRIBE {@code event_bytes}
 * @param maxPendingOutputBytes output a connection may have queued before the server stops reading from it
 */
public record Limits(int maxPayloadBytes, int maxHeaderBytes, int maxBodyBytes,
                     int maxCpuMicros, int maxWaitMicros, int maxReplyBytes,
                     int maxEvents, int maxIntervalMicros, int maxEventBytes,
                     int maxPendingOutputBytes) {

    public static final int MIB = 1 << 20;

    /** The largest payload whose frame still starts with the byte 0x00. */
    public static final int MAX_PAYLOAD_BYTES = 0xFF_FFFF - 12;

    public Limits {
        requirePositive("maxPayloadBytes", maxPayloadBytes);
        requirePositive("maxHeaderBytes", maxHeaderBytes);
        requirePositive("maxBodyBytes", maxBodyBytes);
        requireNonNegative("maxCpuMicros", maxCpuMicros);
        requireNonNegative("maxWaitMicros", maxWaitMicros);
        requireNonNegative("maxReplyBytes", maxReplyBytes);
        requirePositive("maxEvents", maxEvents);
        requireNonNegative("maxIntervalMicros", maxIntervalMicros);
        requireNonNegative("maxEventBytes", maxEventBytes);
        requirePositive("maxPendingOutputBytes", maxPendingOutputBytes);
        if (maxPayloadBytes > MAX_PAYLOAD_BYTES) {
            // a larger length field would make the first byte of a frame non-zero: protocol detection needs 0x00
            throw new IllegalArgumentException("maxPayloadBytes must be at most " + MAX_PAYLOAD_BYTES + " (16 MiB - 13)");
        }
        if (maxBodyBytes > 64 * MIB || maxReplyBytes > 64 * MIB || maxEventBytes > 64 * MIB) {
            throw new IllegalArgumentException("body, reply and event limits must be at most 64 MiB");
        }
    }

    /** The defaults of docs/protocol.md: 1 MiB payloads and bodies, 8 KiB of HTTP headers. */
    public static Limits defaults() {
        return new Limits(MIB, 8 * 1024, MIB,
                1_000_000, 60_000_000, MIB,
                100_000, 10_000_000, 64 * 1024,
                4 * MIB);
    }

    public Limits withMaxPayloadBytes(int v) {
        return new Limits(v, maxHeaderBytes, maxBodyBytes, maxCpuMicros, maxWaitMicros, maxReplyBytes,
                maxEvents, maxIntervalMicros, maxEventBytes, maxPendingOutputBytes);
    }

    public Limits withMaxHeaderBytes(int v) {
        return new Limits(maxPayloadBytes, v, maxBodyBytes, maxCpuMicros, maxWaitMicros, maxReplyBytes,
                maxEvents, maxIntervalMicros, maxEventBytes, maxPendingOutputBytes);
    }

    public Limits withMaxBodyBytes(int v) {
        return new Limits(maxPayloadBytes, maxHeaderBytes, v, maxCpuMicros, maxWaitMicros, maxReplyBytes,
                maxEvents, maxIntervalMicros, maxEventBytes, maxPendingOutputBytes);
    }

    public Limits withMaxPendingOutputBytes(int v) {
        return new Limits(maxPayloadBytes, maxHeaderBytes, maxBodyBytes, maxCpuMicros, maxWaitMicros, maxReplyBytes,
                maxEvents, maxIntervalMicros, maxEventBytes, v);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
