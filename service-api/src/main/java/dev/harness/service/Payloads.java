package dev.harness.service;

import java.nio.ByteBuffer;

/** Read-only zero-filled payloads of any size up to the largest limit, shared instead of allocated per answer. */
final class Payloads {

    private static volatile ByteBuffer zeros = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private Payloads() {
    }

    /** {@code bytes} zero bytes, as a read-only view. */
    static ByteBuffer zeros(int bytes) {
        ByteBuffer current = zeros;
        if (current.capacity() < bytes) {
            synchronized (Payloads.class) {
                current = zeros;
                if (current.capacity() < bytes) {
                    current = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes - 1) << 1).asReadOnlyBuffer();
                    zeros = current;
                }
            }
        }
        return current.slice(0, bytes);
    }
}
