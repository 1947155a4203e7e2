package dev.harness.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A running server of one concurrency model. */
public interface Server extends AutoCloseable {

    /** The bound address; with port 0 in the configuration, the port the system chose. */
    InetSocketAddress address();

    /** Connections accepted and not yet closed. */
    int openConnections();

    /**
     * Read buffers the server's connections hold right now, lent from its pool: 0 when every connection
     * waits for a request over {@code mem}, whatever the model. Over {@code tcp} a thread-per-connection
     * server holds one per idle connection (a blocking socket read needs its buffer while it waits); a
     * proactor holds none.
     */
    long readBuffersLent() throws InterruptedException;

    /**
     * Bytes the server's connections hold for output right now, as its {@link OutputBudget} counts them
     * (each connection's rounded down to {@link OutputBudget#QUANTUM_BYTES}): while it is over
     * {@link ServerConfig#maxOutputBytes()}, the server closes its worst offenders.
     */
    long heldOutputBytes();

    /**
     * Stops accepting, lets requests already received finish for up to {@code grace}, then closes every
     * connection and releases every thread the server started. Returns once all of them are gone.
     *
     * @return true when every connection finished within the grace period
     */
    boolean shutdown(Duration grace) throws InterruptedException;

    /** Shuts down with no grace period. */
    @Override
    default void close() {
        try {
            shutdown(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
