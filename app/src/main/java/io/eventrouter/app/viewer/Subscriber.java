package io.eventrouter.app.viewer;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser's mailbox: a bounded queue that router threads fill without ever waiting and the browser's writer
 * thread drains. When the browser reads too slowly the queue fills, further messages are dropped and counted, and
 * the writer later sends a resync from the history instead of the lost messages.
 */
final class Subscriber {

    enum Kind { EVENT, STATUS, CLOSE }

    /** Entries, not rendered frames: a status message renders the entry's outcomes as they are when written. */
    record Message(Kind kind, ViewerEntry entry) {
    }

    private static final Message CLOSE = new Message(Kind.CLOSE, null);

    private final ArrayBlockingQueue<Message> queue;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    Subscriber(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Never blocks: a full queue drops the message and marks the subscriber for a resync. */
    void offer(Kind kind, ViewerEntry entry) {
        if (closed) {
            return;
        }
        if (!queue.offer(new Message(kind, entry))) {
            dropped.incrementAndGet();
            overflowed.set(true);
        }
    }

    /** The next message, or {@code null} after {@code wait} without one. */
    Message next(Duration wait) throws InterruptedException {
        return closed ? CLOSE : queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean idle() {
        return queue.isEmpty();
    }

    /**
     * True once after messages were dropped; empties the queue, because the writer resends the current state from
     * the history, which covers everything queued so far.
     */
    boolean takeOverflow() {
        if (!overflowed.getAndSet(false)) {
            return false;
        }
        queue.clear();
        return true;
    }

    long dropped() {
        return dropped.get();
    }

    int pending() {
        return queue.size();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    boolean closed() {
        return closed;
    }

    /** Ends the stream: the writer sees it at its next message or wake-up. */
    void close() {
        closed = true;
        queue.clear();
        queue.offer(CLOSE);
    }
}
