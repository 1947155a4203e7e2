package dev.harness.proactor.server;

import dev.harness.proactor.ActTable;
import dev.harness.proactor.AsynchReadStream;
import dev.harness.proactor.AsynchResult;
import dev.harness.proactor.AsynchWriteStream;
import dev.harness.proactor.Handler;
import dev.harness.proactor.Proactor;
import dev.harness.proactor.Timer;
import dev.harness.protocol.ActCodec;
import dev.harness.protocol.ActFrameHeader;
import dev.harness.protocol.OutBuffer;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Reply;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One loop's connection to the RELAY downstream: the proactor as an initiator on another service (a
 * chain of services). Every call from every connection of the loop is multiplexed on this one connection
 * as an ACT frame under a token of this loop's {@link ActTable}; each answer frame is demultiplexed by its
 * act in O(1) to the call's state — the calling session and its completion — and delivered there, where
 * RELAY answers its client under the client's original act.
 *
 * <p>Guarantees: a call gets its answers, or exactly one ERROR reply — UNAVAILABLE when the table is full
 * or more than {@link Limits#maxPendingOutputBytes()} of earlier calls still wait to be written to the
 * downstream (one that stopped reading: the requests of calls that timed out stay queued),
 * BAD_GATEWAY when the downstream cannot be reached or breaks the connection, GATEWAY_TIMEOUT when no last
 * answer came within the timeout (the entry is then reclaimed). A late answer after that, or a frame under a
 * token we never issued, is stale or forged: it is dropped and counted ({@link #rejectedAnswers()}).
 *
 * <p>Costs: one connection per loop per downstream, over the server's transport, connected on first use
 * (asynchronously; calls made meanwhile queue in its output buffer; over mem the connect completes at
 * once), one small object per call, one timer per loop for all deadlines (the table's entries expire in
 * insertion order).
 */
final class ProactorDownstream implements Handler {

    private static final System.Logger LOG = System.getLogger(ProactorDownstream.class.getName());
    private static final int READ_BYTES = 64 * 1024;

    /** The state an ACT of this table stands for. */
    private record PendingCall(ProactorConnection session, Completion<Reply> then, byte op) {
    }

    private final Proactor proactor;
    private final Transport transport;
    private final java.util.function.BooleanSupplier loopHasNoClients;
    private final InetSocketAddress address;
    private final ActTable<PendingCall> table;
    private final int maxPayloadBytes;
    /** Requests queued unwritten beyond which new calls are refused: a downstream that stops reading. */
    private final int maxQueuedBytes;
    private final long timeoutMillis;
    private final OutBuffer out = new OutBuffer(4096);
    private Channel channel;
    private AsynchReadStream reader;
    private AsynchWriteStream writer;
    private boolean connected;
    private ByteBuffer in;
    private Timer expiry;
    private long rejectedAnswers;

    ProactorDownstream(Proactor proactor, Transport transport, InetSocketAddress address, int tableCapacity,
                       Duration timeout, Limits limits, java.util.function.BooleanSupplier loopHasNoClients) {
        this.proactor = proactor;
        this.transport = transport;
        this.loopHasNoClients = loopHasNoClients;
        this.address = address;
        this.table = new ActTable<>(tableCapacity, timeout.toNanos());
        this.timeoutMillis = timeout.toMillis();
        this.maxPayloadBytes = limits.maxPayloadBytes();
        this.maxQueuedBytes = limits.maxPendingOutputBytes();
    }

    /** Initiates a call; {@code then} gets every answer, dispatched by this call's ACT. Loop thread only. */
    void call(ProactorConnection session, byte op, ByteBuffer payload, Completion<Reply> then) {
        if (out.readableBytes() > maxQueuedBytes) {
            // calls that timed out freed their slots, not their queued bytes: without this the queue grows
            then.completed(error(ErrorCode.UNAVAILABLE, "the downstream " + address + " is not reading: "
                    + out.readableBytes() + " bytes of calls wait to be sent to it (over --max-pending-output-bytes "
                    + maxQueuedBytes + "); try again later"));
            return;
        }
        long token = table.add(new PendingCall(session, then, op), System.nanoTime());
        if (token == ActTable.NO_TOKEN) {
            then.completed(error(ErrorCode.UNAVAILABLE, "too many RELAY calls outstanding on this event loop ("
                    + table.capacity() + "); try again later"));
            return;
        }
        ActCodec.encodeFrame(out, token, op, Status.OK, payload);
        armExpiry();
        if (channel == null) {
            connect();
        } else if (connected && !writer.pending()) {
            writer.write(out, this, channel);
        }
    }

    private void connect() {
        try {
            Channel c = transport.open();
            channel = c;
            c.configureBlocking(false);
            reader = AsynchReadStream.open(proactor, c);
            writer = AsynchWriteStream.open(proactor, c);
            proactor.connect(c, address, this, c);
        } catch (IOException e) {
            fail("cannot connect to downstream " + address + ": " + e.getMessage());
        }
    }

    /** The act of every operation on the connection is the channel it was initiated on: a stale one is ignored. */
    @Override
    public void handleConnect(AsynchResult result) {
        if (result.act() != channel) {
            return;
        }
        if (!result.success()) {
            fail("cannot connect to downstream " + address + ": " + result.error().getMessage());
            return;
        }
        connected = true;
        in = ByteBuffer.allocate(READ_BYTES);
        reader.read(in, this, channel);
        if (!out.isEmpty()) {
            writer.write(out, this, channel);
        }
    }

    @Override
    public void handleWriteStream(AsynchResult result) {
        if (result.act() != channel) {
            return;
        }
        if (!result.success()) {
            fail("downstream " + address + " failed: " + result.error().getMessage());
            return;
        }
        if (!out.isEmpty()) {
            writer.write(out, this, channel);
        }
    }

    @Override
    public void handleReadStream(AsynchResult result) {
        if (result.act() != channel) {
            return;
        }
        if (!result.success() || result.bytesTransferred() < 0) {
            fail("downstream " + address + (result.success() ? " closed the connection" : " failed: " + result.error().getMessage()));
            return;
        }
        in.flip();
        while (in.remaining() >= ActCodec.HEADER_BYTES) {
            int start = in.position();
            int length = ActFrameHeader.length(in, start);
            Status status = Status.of(ActFrameHeader.status(in, start));
            if (!ActFrameHeader.lengthFits(length, maxPayloadBytes) || status == null) {
                untrusted(length);
                return;
            }
            int frameBytes = ActFrameHeader.frameBytes(length);
            if (in.remaining() < frameBytes) {
                break;
            }
            long act = ActFrameHeader.act(in, start);
            ByteBuffer payload = in.slice(start + ActCodec.HEADER_BYTES, ActFrameHeader.payloadBytes(length));
            in.position(start + frameBytes);
            PendingCall call = table.get(act);
            if (call == null) {
                rejectedAnswers++; // stale (expired, or already answered) or forged: authenticate, then drop
                continue;
            }
            boolean last = status != Status.OK || !Operation.isStream(call.op());
            if (last) {
                table.remove(act);
            }
            call.session().deliver(call.then(),
                    new Reply(status, status == Status.ERROR ? ErrorCode.BAD_GATEWAY : null, payload, last));
            if (channel == null) {
                return; // a delivery closed or failed the connection meanwhile
            }
        }
        in.compact();
        closeIfUnused(loopHasNoClients.getAsBoolean());
        if (channel == null) {
            return;
        }
        if (in.position() >= Integer.BYTES) {
            // a partial header: judge its length before the buffer grows for the frame it announces
            int length = ActFrameHeader.length(in, 0);
            if (!ActFrameHeader.lengthFits(length, maxPayloadBytes)) {
                untrusted(length);
                return;
            }
            int need = ActFrameHeader.frameBytes(length);
            if (need > in.capacity()) {
                in = ByteBuffer.allocate(need).put(in.flip());
            }
        }
        reader.read(in, this, channel);
    }

    /** The downstream sent a header out of the protocol: nothing it sends from here on can be trusted. */
    private void untrusted(int length) {
        in.clear();
        fail("downstream " + address + " sent a frame that cannot be trusted (length " + length + ")");
    }

    /** The deadline timer: reclaims every call whose answer did not come in time. */
    @Override
    public void handleTimeout(AsynchResult result) {
        expiry = null;
        table.expire(System.nanoTime(), call -> call.session().deliver(call.then(), error(ErrorCode.GATEWAY_TIMEOUT,
                "downstream " + address + " did not answer within " + timeoutMillis + " ms")));
        armExpiry();
        closeIfUnused(loopHasNoClients.getAsBoolean());
    }

    private void armExpiry() {
        if (expiry == null && !table.isEmpty()) {
            expiry = proactor.scheduleTimer(table.nextDeadlineNanos() - System.nanoTime(), this, null);
        }
    }

    /** The connection is unusable: every call outstanding gets BAD_GATEWAY; the next call reconnects. */
    private void fail(String message) {
        LOG.log(System.Logger.Level.DEBUG, message);
        closeChannel();
        table.clear(call -> call.session().deliver(call.then(), error(ErrorCode.BAD_GATEWAY, message)));
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        channel = null;
        reader = null;
        writer = null;
        connected = false;
        in = null;
        out.clear();
    }

    /**
     * Closes the connection when nothing can use it any more: no call outstanding and, as the caller
     * says, no client connection left on this loop. The next call reconnects. This way a downstream
     * server sees its connections from us go when our clients go, as it would with the thread models.
     */
    void closeIfUnused(boolean noClients) {
        if (noClients && channel != null && table.isEmpty()) {
            closeChannel();
        }
    }

    /** At shutdown: closes the connection and forgets the calls (their sessions are closed). */
    void close() {
        closeChannel();
        table.clear(call -> { });
        if (expiry != null) {
            expiry.cancel();
            expiry = null;
        }
    }

    /** Answer frames dropped because their act was stale or forged. */
    long rejectedAnswers() {
        return rejectedAnswers;
    }

    static Reply error(ErrorCode code, String message) {
        return new Reply(Status.ERROR, code, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
    }
}
