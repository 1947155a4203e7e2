package dev.harness.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's budget of bytes held for output across all its connections ({@code --max-output-bytes}):
 * answers encoded and not yet written, wherever the model keeps them. The per-connection bound
 * ({@code --max-pending-output-bytes}) times {@code --max-connections} is far more than a heap (4 MiB times
 * 10,000 is 40 GB); this is the bound that keeps a crowd of clients that do not read inside the heap.
 *
 * <p>How it is kept: each connection reports what it holds with {@link #report}, which rounds down to
 * {@value #QUANTUM_BYTES} bytes and touches the shared counter only when that rounded figure changes. So
 * an answer written as soon as it is encoded (smaller than a quantum: almost every answer) costs no
 * shared write at all, and the count is low by less than a quantum per connection. While the count is over
 * the budget ({@link #over()}) the servers stop taking requests from every connection that holds output
 * (back-pressure: the thread models write before they handle the next request, the proactor defers
 * requests and parks streams), and their timeout check closes, each tick, the connection that holds most
 * among those none of whose output was written since the last tick (the worst offender), until the count is
 * under the budget again.
 *
 * <p>Costs: one {@link AtomicLong} per server; a connection keeps the figure it last reported.
 */
public final class OutputBudget {

    /**
     * The granularity of the count: a page. Answers below it that are written at once never touch the
     * shared counter; the count errs low by less than this per connection (40 MB at 10,000 connections).
     */
    public static final int QUANTUM_BYTES = 4096;

    private final long budgetBytes;
    private final AtomicLong heldBytes = new AtomicLong();

    public OutputBudget(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("an output budget must be > 0 bytes, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /**
     * Records that a connection which last reported {@code reportedBytes} now holds {@code heldBytes};
     * returns the figure to keep for its next report (0 once it holds less than a quantum).
     */
    public long report(long reportedBytes, long heldBytes) {
        long rounded = heldBytes - heldBytes % QUANTUM_BYTES;
        if (rounded != reportedBytes) {
            this.heldBytes.addAndGet(rounded - reportedBytes);
        }
        return rounded;
    }

    /** Whether the connections hold more than the budget: the heaviest stop reading and the worst is closed. */
    public boolean over() {
        return heldBytes.get() > budgetBytes;
    }

    /** What the connections hold, as reported (low by less than a quantum each). */
    public long heldBytes() {
        return heldBytes.get();
    }

    public long budgetBytes() {
        return budgetBytes;
    }
}
