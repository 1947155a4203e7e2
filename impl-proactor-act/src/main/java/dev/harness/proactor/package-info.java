/**
 * A small Proactor framework after the simplified ACE design, with Asynchronous Completion Tokens. Read
 * this first; then {@link dev.harness.proactor.Proactor}, {@link dev.harness.proactor.AsynchResult} and
 * {@link dev.harness.proactor.ActTable}.
 *
 * <h2>Participants</h2>
 * <ul>
 *   <li>{@link dev.harness.proactor.Proactor} — one event-loop thread: it performs the operations initiated
 *       on it and dispatches their completions ({@code handleEvents()}); also timers and the pooled read
 *       buffers of its connections.</li>
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
 * Completions are produced by a Proactor emulated on a Reactor (a {@link java.nio.channels.Selector},
 * epoll on Linux), as ACE does on POSIX: a ready channel with an operation outstanding gets the operation
 * performed by the loop, which queues its completion. Per operation: no allocation and no thread hand-off;
 * read interest stays armed between reads, so the steady state costs no {@code epoll_ctl}. Per connection:
 * the channel's registration and four reusable results; no read buffer while idle (reads without a
 * buffer borrow a pooled one when bytes arrive). Per timer: one small heap entry. Timers have millisecond
 * granularity (the selector's). The module README has the NIO.2-versus-Selector measurement behind this.
 *
 * <h2>Usage sketch</h2>
 * <pre>{@code
 * Proactor loop = new Proactor("proactor-0", 16 * 1024, 64).start();
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
