package dev.harness.transport;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A registration with a {@link MemPoller}: the interest set, the ready set of the round in progress, and
 * whether the key waits in the poller's ready queue (at most once). Also a link of the poller's list of
 * keys, so a registration costs this one object.
 */
final class MemKey implements Key {

    private static final AtomicIntegerFieldUpdater<MemKey> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(MemKey.class, "queued");

    private final MemPoller poller;
    private final Selectable selectable;
    private Object attachment;
    private volatile int interest;
    private volatile int queued;
    private volatile boolean valid = true;
    private int readyOps;
    MemKey previous;
    MemKey next;

    MemKey(MemPoller poller, Selectable selectable, Object attachment) {
        this.poller = poller;
        this.selectable = selectable;
        this.attachment = attachment;
    }

    MemPoller poller() {
        return poller;
    }

    @Override
    public Selectable selectable() {
        return selectable;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    void attach(Object newAttachment) {
        attachment = newAttachment;
    }

    @Override
    public int interestOps() {
        return interest;
    }

    @Override
    public void interestOps(int ops) {
        interest = ops;
        if ((ops & currentReadyOps()) != 0) {
            poller.signal(this);
        }
    }

    @Override
    public int readyOps() {
        return readyOps;
    }

    void readyOps(int ops) {
        readyOps = ops;
    }

    /** What the endpoint would report ready now, for any interest. */
    int currentReadyOps() {
        return ((MemEndpoint) selectable).readyOps();
    }

    /** The endpoint became ready for {@code op}: queues this key if it is interested. */
    void signal(int op) {
        if (valid && (interest & op) != 0) {
            poller.signal(this);
        }
    }

    /** Marks this key queued; false when it already was. */
    boolean enqueue() {
        return QUEUED.compareAndSet(this, 0, 1);
    }

    void dequeued() {
        queued = 0;
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public void cancel() {
        if (valid) {
            valid = false;
            poller.deregister(this);
        }
    }
}
