package dev.harness.proactor.server;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The connections of one event loop, in an array where each connection knows its slot: adding and removing
 * are O(1), the loop's periodic walk (timeouts, drain, close) allocates nothing, and a connection costs its
 * slot (one reference, up to two while the array has room to grow) plus the slot index it keeps — where a
 * {@code HashSet} costs a node and a table entry per connection (the module README has both, measured). A
 * removal moves the last connection into the freed slot. The array halves when it is a quarter full, so a
 * loop that held a million connections does not keep their slots once they have gone. Confined to the loop
 * thread.
 */
final class ConnectionSet {

    private static final int MIN_SLOTS = 16;

    private ProactorConnection[] slots = new ProactorConnection[MIN_SLOTS];
    private int size;

    void add(ProactorConnection connection) {
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, 2 * size);
        }
        connection.slot = size;
        slots[size++] = connection;
    }

    /** Removes {@code connection}; nothing happens when it is not here. */
    void remove(ProactorConnection connection) {
        int slot = connection.slot;
        if (slot < 0 || slot >= size || slots[slot] != connection) {
            return;
        }
        ProactorConnection last = slots[--size];
        slots[slot] = last;
        last.slot = slot;
        slots[size] = null;
        connection.slot = -1;
        if (slots.length > MIN_SLOTS && size <= slots.length / 4) {
            slots = Arrays.copyOf(slots, slots.length / 2);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Hands every connection to {@code action}, which may remove it or others. Walking from the last slot
     * down, a removal only moves a connection already handed over into a lower slot, so no connection that
     * stays is skipped (one the action moves may be handed over twice; the loop's actions allow that).
     */
    void forEach(Consumer<ProactorConnection> action) {
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                action.accept(slots[i]);
            }
        }
    }
}
