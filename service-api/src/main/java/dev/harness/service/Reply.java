package dev.harness.service;

import java.nio.ByteBuffer;

/**
 * One answer frame from a downstream server, delivered to the {@link Completion} of {@link Session#call}.
 *
 * @param status  the downstream's status; ERROR also stands for a downstream that failed or timed out
 * @param error   with ERROR: why, as the server would answer it
 * @param payload the answer's payload (for ERROR a UTF-8 message), valid during the completion only
 * @param last    whether this is the last answer to the call
 */
public record Reply(Status status, ErrorCode error, ByteBuffer payload, boolean last) {
}
