/**
 * A small Proactor framework after the simplified ACE design, with Asynchronous Completion Tokens. Read
 * this first; then {@link dev.harness.proactor.Proactor}, {@link dev.harness.proactor.AsynchResult} and
 * {@link dev.harness.proactor.ActTable}.
 *
 * <h2>Participants</h2>
 * <ul>
 *   <li>{@link dev.harness.proactor.Proactor} — one event-loop thread waiting in its transport's poller: it
 *       performs the operations initiated on it and dispatches their completions ({@code handleEvents()});
 *       also timers and the pooled read buffers of its connections.</li>
 *   <li>{@link dev.harness.proactor.AsynchReadStream}, {@link dev.harness.proactor.AsynchWriteStream} — the
 *       initiators: {@code read(buffer, handler, act)} and {@code write(outBuffer, handler, act)} return
 *       at once.</li>
 *   <li>{@link dev.harness.proactor.AsynchResult} — a completed operation: bytes transferred, buffer,
 *       error, and the ACT its initiator passed; {@link dev.harness.proactor.Timer} is the timer kind.</li>
 *   <li>{@link dev.harness.proactor.Handler} — the completion handler ({@code handleReadStream},
 *       {@code handleWriteStream}, {@code handleTimeout}, ...) with the activation hook {@code open()}.</li>
 *   <li>{@link dev.harness.proactor.Acceptor} — asynchronous Acceptor: creates a service handler per
 *       connection on its loop and calls {@code open()}.</li>
 *   <li>{@link dev.harness.proactor.ActTable} — the ACT repository for operations outstanding on a service
 *       that may not return its tokens: index + generation (stale and forged tokens are rejected),
 *       deadlines (reclaimed when no answer comes), bounded (full means "refuse", not "grow").</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every completion of a channel or timer runs on the thread of the proactor it was initiated on, one
 *       at a time, never inside another completion (completions are queued and dispatched after each select
 *       round). So a handler needs no locks.</li>
 *   <li>A completion finds its state from its result alone: {@code result.handler()} and {@code result.act()}.
 *       Nothing is searched.</li>
 *   <li>At most one read and one write are outstanding per stream; a result is valid during its callback
 *       only (it is reused).</li>
 *   <li>Closing a channel cancels its outstanding operations: they never complete.</li>
 *   <li>Only {@code Proactor.execute}, {@code query} and {@code stop} may be called from other threads.</li>
 * </ul>
 *
 * <h2>Costs</h2>
 * Completions are produced by a Proactor emulated on a Reactor, as ACE does on POSIX: the loop waits in a
 * {@link dev.harness.transport.Poller} of its {@link dev.harness.transport.Transport}, and a ready channel
 * with an operation outstanding gets the operation performed by the loop, which queues its completion. Over
 * {@code tcp} the poller is a {@link java.nio.channels.Selector} (epoll on Linux); over {@code mem} it is a
 * ready queue that a pipe fills when it becomes readable or writable, unparking the loop thread if it
 * sleeps — the same hand-off as epoll plus a wake-up, without the kernel's sockets. The framework's code is
 * the same for both. Per operation: no allocation and no thread hand-off; read interest stays armed between
 * reads, so the steady state changes no interest set (over tcp: no {@code epoll_ctl}). Per timer: one small
 * heap entry. Timers have millisecond granularity (the poller's timeout). The module README has the
 * NIO.2-versus-Selector measurement behind this design.
 *
 * <h2>Memory per connection, and how buffers are pooled</h2>
 * <ul>
 *   <li><b>Read buffers: pooled per loop, lent only while bytes are handled.</b> A read initiated without a
 *       buffer ({@code reader.read(null, ...)}) holds none while it waits; when the channel is ready the
 *       loop borrows a direct buffer from its own pool, reads into it and hands it to the completion, which
 *       returns it with {@code releaseBuffer} as soon as no partial request is left in it (like io_uring's
 *       provided buffers). So a connection waiting for a request holds no read buffer, and
 *       {@link dev.harness.proactor.Proactor#buffersLent()} counts the connections of a loop that hold one
 *       for a partial request. The pool keeps up to {@code maxFreeBuffers} free buffers, as many as one busy
 *       round may need; more are dropped when returned. (The {@code proactor-act} server copies a request
 *       larger than a pooled buffer into a heap buffer of its own until it is complete.)</li>
 *   <li><b>Output buffers: the connection's own, released when quiet.</b> A write drains the connection's
 *       {@link dev.harness.protocol.OutBuffer}, which allocates its bytes on the first answer. The
 *       {@code proactor-act} server releases them 100 ms after the connection's last write completed (one
 *       timer per loop for all of them), so a busy connection answers without allocating and an idle one
 *       holds no output bytes.</li>
 *   <li><b>Results: made on first use.</b> A channel's registration makes the result of each kind of
 *       operation on the first operation of that kind and reuses it after: an accepted connection holds a
 *       read result, and a write result once it has written; never an accept or a connect result.</li>
 * </ul>
 * What an idle connection of the {@code proactor-act} server holds — this framework's and the server's
 * objects, plus the transport's channel and key — is listed class by class in the module README, with the
 * command that measured it.
 *
 * <h2>Usage sketch</h2>
 * ({@code ProactorTest} runs it, over {@code tcp} and {@code mem}.)
 * <pre>{@code
 * Proactor loop = new Proactor("proactor-0", transport, 16 * 1024, 64).start();
 * Listener listener = transport.listen("127.0.0.1", 0, 128);
 * listener.configureBlocking(false);
 * Acceptor acceptor = new Acceptor(loop, listener, new Proactor[] {loop}, (proactor, channel) -> new Handler() {
 *     final AsynchReadStream reader = AsynchReadStream.open(proactor, channel);
 *     final AsynchWriteStream writer = AsynchWriteStream.open(proactor, channel);
 *     final OutBuffer out = new OutBuffer(512);
 *
 *     public void open() { reader.read(null, this, null); }             // activation hook: first read
 *
 *     public void handleReadStream(AsynchResult r) {                    // bytes arrived in a pooled buffer
 *         if (r.bytesTransferred() < 0) { close(channel); return; }
 *         ByteBuffer in = r.buffer().flip();
 *         out.put(in);                                                  // echo them
 *         proactor.releaseBuffer(r.buffer());
 *         writer.write(out, this, null);
 *     }
 *
 *     public void handleWriteStream(AsynchResult r) { reader.read(null, this, null); }
 * });
 * acceptor.open();
 * // timers are completions too: loop.scheduleTimer(nanos, handler, act) -> handler.handleTimeout(result)
 * }</pre>
 */
package dev.harness.proactor;
