package dev.harness.proactor;

import dev.harness.protocol.OutBuffer;
import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Selectable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The per-channel registration of the Reactor half of the emulation: for one {@link Selectable} registered
 * with a {@link Proactor}'s poller, it holds the key, the {@link AsynchResult}s of the operations outstanding
 * on it, and turns the readiness the poller reports into performed operations and queued completions
 * ({@code performRead}, {@code performWrite}, {@code performAccept}, {@code performConnect}). It is the
 * key's attachment; {@link AsynchReadStream} and {@link AsynchWriteStream} initiate through it.
 *
 * <p>Invariants: at most one operation of each kind is outstanding ({@code readPending},
 * {@code writePending}, {@code acceptPending}); {@link #interest} is the interest set last given to the key,
 * changed only through {@link #addInterest} and {@link #removeInterest}; read interest stays armed across
 * completions and is removed only when the channel is reported readable with no read outstanding, so a
 * connection that reads again right away changes no interest set. Confined to the proactor's thread.
 *
 * <p>Costs: one object per registered channel. The result of each kind is made on the first operation of
 * that kind and reused after, so an accepted connection holds a read and a write result, never an accept
 * or a connect one, and a connection that has not written yet holds no write result. Performing an
 * operation allocates nothing; a read initiated without a buffer borrows one from the proactor's pool only
 * when bytes are there.
 */
final class Registration {

    private final Proactor proactor;
    Key key;
    int interest;
    private AsynchResult readResult;
    private AsynchResult writeResult;
    private AsynchResult acceptResult;
    private AsynchResult connectResult;
    boolean readPending;
    boolean writePending;
    boolean acceptPending;
    OutBuffer writeSource;

    Registration(Proactor proactor) {
        this.proactor = proactor;
    }

    Selectable endpoint() {
        return key.selectable();
    }

    /** A read initiated, or completed and not yet dispatched. */
    boolean readOutstanding() {
        return readPending || (readResult != null && readResult.queued);
    }

    /** A write initiated, or completed and not yet dispatched. */
    boolean writeOutstanding() {
        return writePending || (writeResult != null && writeResult.queued);
    }

    AsynchResult readResult() {
        if (readResult == null) {
            readResult = new AsynchResult(AsynchResult.Kind.READ);
        }
        return readResult;
    }

    AsynchResult writeResult() {
        if (writeResult == null) {
            writeResult = new AsynchResult(AsynchResult.Kind.WRITE);
        }
        return writeResult;
    }

    AsynchResult acceptResult() {
        if (acceptResult == null) {
            acceptResult = new AsynchResult(AsynchResult.Kind.ACCEPT);
        }
        return acceptResult;
    }

    AsynchResult connectResult() {
        if (connectResult == null) {
            connectResult = new AsynchResult(AsynchResult.Kind.CONNECT);
        }
        return connectResult;
    }

    void addInterest(int op) {
        if ((interest & op) == 0 && key.isValid()) {
            interest |= op;
            key.interestOps(interest);
        }
    }

    void removeInterest(int op) {
        if ((interest & op) != 0 && key.isValid()) {
            interest &= ~op;
            key.interestOps(interest);
        }
    }

    void performAccept() {
        if (!acceptPending) {
            removeInterest(Key.OP_ACCEPT);
            return;
        }
        AsynchResult result = acceptResult;
        try {
            Channel accepted = key.listener().accept();
            if (accepted == null) {
                addInterest(Key.OP_ACCEPT);
                return;
            }
            try {
                accepted.configureBlocking(false);
            } catch (IOException e) {
                accepted.close();
                throw e;
            }
            result.accepted = accepted;
        } catch (IOException e) {
            result.error = e;
        }
        acceptPending = false;
        proactor.completed(result);
    }

    void performConnect() {
        removeInterest(Key.OP_CONNECT);
        try {
            key.channel().finishConnect();
        } catch (IOException e) {
            connectResult.error = e;
        }
        proactor.completed(connectResult);
    }

    void performRead() {
        if (!readPending) {
            // readiness with no read outstanding: now it is worth an interest change to stop hearing about it
            removeInterest(Key.OP_READ);
            return;
        }
        AsynchResult result = readResult;
        ByteBuffer buffer = result.buffer;
        boolean borrowed = buffer == null;
        if (borrowed) {
            buffer = proactor.borrowForRoundRead();
            if (buffer == null) {
                return; // this round has lent all it may: the channel stays ready and is read next round
            }
        }
        int n;
        try {
            n = key.channel().read(buffer);
        } catch (IOException e) {
            if (borrowed) {
                proactor.releaseBuffer(buffer);
            }
            result.error = e;
            result.bytesTransferred = -1;
            readPending = false;
            proactor.completed(result);
            return;
        }
        if (n == 0) {
            if (borrowed) {
                proactor.releaseBuffer(buffer);
            }
            return;
        }
        if (n < 0 && borrowed) {
            proactor.releaseBuffer(buffer);
            buffer = null;
            borrowed = false;
        }
        result.buffer = buffer;
        result.borrowed = borrowed;
        result.bytesTransferred = n;
        readPending = false;
        proactor.completed(result);
    }

    void performWrite() {
        if (!writePending) {
            removeInterest(Key.OP_WRITE);
            return;
        }
        AsynchResult result = writeResult;
        OutBuffer source = writeSource;
        try {
            if (!source.isEmpty()) {
                ByteBuffer view = source.readView();
                try {
                    result.bytesTransferred += key.channel().write(view);
                } finally {
                    source.consumed(view);
                }
            }
        } catch (IOException e) {
            result.error = e;
        }
        if (result.error != null || source.isEmpty()) {
            removeInterest(Key.OP_WRITE);
            writePending = false;
            writeSource = null;
            proactor.completed(result);
        } else {
            addInterest(Key.OP_WRITE);
        }
    }
}
