/**
 * The application side, written once for every concurrency model.
 *
 * <p>A {@link dev.harness.service.ServiceHandler} receives decoded {@link dev.harness.service.Request}s and
 * answers through its {@link dev.harness.service.Session}, which each server model implements: the thread
 * models block the connection's thread for {@code await} and {@code call}, the proactor turns them into a
 * timer and an asynchronous downstream request carrying an Asynchronous Completion Token; code that must
 * block goes through {@code Session.blocking} (the connection's thread, or the proactor's pool). A server
 * makes each connection's handler with a {@link dev.harness.service.ServiceHandlerFactory}: the built-in
 * services by default, a user's class by name ({@link dev.harness.service.HandlerClass},
 * {@code --handler}). The built-in
 * services ({@code EchoService}, {@code WorkService}, {@code SubscribeService}, {@code RelayService}) are
 * routed by {@link dev.harness.service.BuiltinServices}:
 *
 * <pre>{@code
 * static void handle(Session session, Request request, Operation.Work work) {
 *     burnCpu(work.cpuMicros());                                   // on the handler's thread
 *     session.await(MICROSECONDS.toNanos(work.waitMicros()),       // blocked thread, parked vthread or timer
 *             () -> session.reply(request, Status.OK, zeros(work.replyBytes())));
 * }
 * }</pre>
 */
package dev.harness.service;
