package dev.harness.service;

/**
 * One decoded request.
 *
 * @param act       the Asynchronous Completion Token: the frame's act for ACT frames, the connection's
 *                  request sequence number for HTTP (which answers in order). Services hand it back
 *                  unchanged through {@link Session#reply}.
 * @param operation what is asked
 */
public record Request(long act, Operation operation) {
}
