package dev.harness.service;

import java.nio.ByteBuffer;

/**
 * One client connection as a service sees it: the asynchronous operation processor of the server's
 * concurrency model. Services are written once in completion style against this interface.
 *
 * <p>The thread servers execute {@link #await} and {@link #call} by blocking the connection's own thread
 * and run the completion on that thread once the wait or the call is over. The proactor initiates a timer
 * or a downstream operation, returns at once, and dispatches the completion by its ACT later, on its
 * event loop. Either way a session is used by one thread at a time and completions never overlap.
 */
public interface Session {

    /**
     * Answers {@code request}. A stream answers many times with {@link Status#OK} and once with
     * {@link Status#LAST}. The bytes between the payload's position and limit are copied before this
     * returns; the buffer itself is not changed.
     */
    void reply(Request request, Status status, ByteBuffer payload);

    /** Answers {@code request} with an error: an ERROR frame, or an HTTP error status. */
    void fail(Request request, ErrorCode code, String message);

    /** Runs {@code then} after {@code nanos}, in this server's model of waiting. */
    void await(long nanos, Runnable then);

    /**
     * Sends op {@code op} with {@code payload} to the downstream server under an act of the server's own
     * and passes each answer to {@code then}, the last one with {@link Reply#last()} set. With no downstream
     * configured, or when it fails or times out, {@code then} gets one ERROR reply.
     */
    void call(byte op, ByteBuffer payload, Completion<Reply> then);

    /** The limits the server enforces. */
    Limits limits();
}
