package dev.harness.service;

import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

/**
 * One client connection as a service sees it: the asynchronous operation processor of the server's
 * concurrency model. Services are written once in completion style against this interface.
 *
 * <p>The thread servers execute {@link #await} and {@link #call} by blocking the connection's own thread
 * and run the completion on that thread once the wait or the call is over. The proactor initiates a timer
 * or a downstream operation, returns at once, and dispatches the completion by its ACT later, on its
 * event loop. Either way a session is used by one thread at a time and completions never overlap.
 *
 * <p>Code that must block (a JDBC driver, a file read, a legacy client) goes through {@link #blocking}:
 * blocking anywhere else holds a proactor's event loop and every connection on it, which the proactor
 * detects and reports (time blocked per loop) but cannot undo.
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

    /**
     * Runs {@code call}, which may block, and passes how it ended to {@code then}, in this server's model of
     * blocking: the thread models run it on the connection's own thread (a blocked platform thread, an
     * unmounted virtual thread); the proactor runs it on a bounded pool of worker threads and dispatches
     * {@code then} back on the connection's event loop, the completion being the call's ACT. When the pool
     * and its queue are full, {@code then} gets a failed result at once, naming the option to raise.
     *
     * <p>This default runs {@code call} on the calling thread: right for a model whose connection owns its
     * thread, and what a server that has no pool does.
     */
    default <T> void blocking(Callable<T> call, Completion<BlockingResult<T>> then) {
        then.completed(BlockingResult.of(call));
    }

    /** The limits the server enforces. */
    Limits limits();
}
