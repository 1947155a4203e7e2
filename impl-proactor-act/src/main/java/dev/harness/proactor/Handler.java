package dev.harness.proactor;

/**
 * The completion handler: the application's object that a {@link Proactor} calls back when an
 * asynchronous operation it initiated has completed. Each callback gets the {@link AsynchResult}, which
 * carries the Asynchronous Completion Token the initiator passed, so the handler finds its state from the
 * result alone, with no search.
 *
 * <p>Every callback of one handler runs on the thread of the proactor it was initiated on, one at a time.
 * An {@code AsynchResult} is valid during its callback only: the framework reuses it for the stream's
 * next operation. A handler that initiates an operation it has no callback for gets an
 * {@link IllegalStateException} at completion, so a missing override shows at once.
 */
public interface Handler {

    /** The activation hook: called by the {@link Acceptor} on the handler's own proactor, once. */
    default void open() {
    }

    /** A read initiated through {@link AsynchReadStream#read} completed (bytes, end of stream, or error). */
    default void handleReadStream(AsynchResult result) {
        throw new IllegalStateException(getClass().getName() + " initiated a read but does not handle its completion");
    }

    /** A write initiated through {@link AsynchWriteStream#write} completed: everything is written, or it failed. */
    default void handleWriteStream(AsynchResult result) {
        throw new IllegalStateException(getClass().getName() + " initiated a write but does not handle its completion");
    }

    /** A timer scheduled with {@link Proactor#scheduleTimer} expired. */
    default void handleTimeout(AsynchResult result) {
        throw new IllegalStateException(getClass().getName() + " scheduled a timer but does not handle its expiry");
    }

    /** An accept initiated with {@link Proactor#accept} completed: {@link AsynchResult#accepted()} is the new channel. */
    default void handleAccept(AsynchResult result) {
        throw new IllegalStateException(getClass().getName() + " initiated an accept but does not handle its completion");
    }

    /** A connect initiated with {@link Proactor#connect} completed, or failed. */
    default void handleConnect(AsynchResult result) {
        throw new IllegalStateException(getClass().getName() + " initiated a connect but does not handle its completion");
    }
}
