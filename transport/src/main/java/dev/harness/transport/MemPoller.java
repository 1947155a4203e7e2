package dev.harness.transport;

import java.nio.channels.ClosedSelectorException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The mem transport's readiness demultiplexer: a queue of keys that became ready, filled by the threads
 * that write into, read from or close the pipes, and drained by the one thread that selects. A select
 * with nothing queued parks that thread (a futex wait for a platform thread, as {@code epoll_wait} is a
 * kernel wait); a pipe that queues a key unparks it only when it sleeps. Readiness is level-triggered: a
 * key whose endpoint is still ready after its action is queued again for the next round.
 *
 * <p>Cost per registration: one {@link MemKey}, linked into this poller's list of keys. Per ready event: a
 * lock-free enqueue, and one unpark when the selecting thread sleeps.
 */
final class MemPoller implements Poller {

    private final ConcurrentLinkedQueue<MemKey> ready = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<MemKey> round = new ArrayDeque<>();
    private volatile Thread selecting;
    private volatile boolean sleeping;
    private volatile boolean woken;
    private volatile boolean open = true;
    private MemKey first;
    private int registered;

    /**
     * The key of {@code selectable} here: {@code current} (given the new attachment) while it is valid,
     * else a new one with no interest yet. The caller publishes it to its endpoint before it sets the
     * interest, so that no readiness signal can fall between the two.
     */
    MemKey keyFor(MemKey current, Selectable selectable, Object attachment) {
        if (current != null && current.isValid()) {
            if (current.poller() != this) {
                throw new IllegalStateException(selectable + " is registered with another poller");
            }
            current.attach(attachment);
            return current;
        }
        return register(selectable, attachment);
    }

    /** {@code key} when it is a valid registration with {@code poller}, else null. */
    static MemKey validFor(MemKey key, Poller poller) {
        return key != null && key.isValid() && key.poller() == poller ? key : null;
    }

    private MemKey register(Selectable selectable, Object attachment) {
        if (!open) {
            throw new ClosedSelectorException();
        }
        MemKey key = new MemKey(this, selectable, attachment);
        synchronized (this) {
            key.next = first;
            if (first != null) {
                first.previous = key;
            }
            first = key;
            registered++;
        }
        return key;
    }

    synchronized void deregister(MemKey key) {
        if (key.previous != null) {
            key.previous.next = key.next;
        } else if (first == key) {
            first = key.next;
        } else {
            return;
        }
        if (key.next != null) {
            key.next.previous = key.previous;
        }
        key.previous = null;
        key.next = null;
        registered--;
    }

    /** Queues {@code key} for the next round (once), waking the selecting thread if it sleeps. */
    void signal(MemKey key) {
        if (key.enqueue()) {
            ready.add(key);
            if (sleeping) {
                LockSupport.unpark(selecting);
            }
        }
    }

    @Override
    public int select(Consumer<Key> action, long timeoutMillis) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("negative timeout: " + timeoutMillis);
        }
        ensureOpen();
        selecting = Thread.currentThread();
        if (ready.isEmpty() && !woken) {
            sleeping = true;
            if (ready.isEmpty() && !woken && open) {
                if (timeoutMillis == 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                }
            }
            sleeping = false;
        }
        return selectNow(action);
    }

    @Override
    public int selectNow(Consumer<Key> action) {
        ensureOpen();
        woken = false;
        MemKey key;
        while ((key = ready.poll()) != null) {
            round.add(key);
        }
        int handed = 0;
        while ((key = round.poll()) != null) {
            key.dequeued();
            if (!key.isValid()) {
                continue;
            }
            int ops = key.interestOps() & key.currentReadyOps();
            if (ops == 0) {
                continue;
            }
            key.readyOps(ops);
            handed++;
            action.accept(key);
            if (key.isValid() && (key.interestOps() & key.currentReadyOps()) != 0) {
                signal(key);
            }
        }
        return handed;
    }

    @Override
    public void wakeup() {
        woken = true;
        Thread t = selecting;
        if (sleeping && t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public synchronized Set<Key> keys() {
        Set<Key> keys = new HashSet<>(registered * 2);
        for (MemKey k = first; k != null; k = k.next) {
            keys.add(k);
        }
        return keys;
    }

    /** Registrations not yet cancelled. */
    synchronized int registered() {
        return registered;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private void ensureOpen() {
        if (!open) {
            throw new ClosedSelectorException();
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        for (Key key : keys()) {
            key.cancel();
        }
        ready.clear();
        wakeup();
    }
}
