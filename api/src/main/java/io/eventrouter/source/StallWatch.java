package io.eventrouter.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells a reader that has caught up from one that is stuck. The source shows its newest event (vCenter's
 * {@code latestPage}, Horizon's newest audit event); when that is newer than the last event read while reads keep
 * returning nothing for longer than the timeout, the reader is stalled (typically: the service account cannot see part
 * of the inventory, and the reader's cursor sits in a stretch of events it may not read). A stall lasts until an event
 * is read.
 */
final class StallWatch {

    private final Duration timeout;
    private final Clock clock;
    private volatile Mark read;
    private volatile Mark newest;
    /** Since when reads have been empty while newer events exist; null while reads keep up. */
    private Instant emptySince;
    /** Stalls reported since the last event read: 0 outside a stall. */
    private int detections;
    private Instant stalledSince;

    StallWatch(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Where reading stands before anything is read, e.g. the checkpoint's event; ignored once a position is known. */
    void startingAt(Mark position) {
        if (read == null) {
            read = position;
        }
    }

    /** The source's newest event. */
    void newest(Mark mark) {
        newest = mark;
        if (read == null) {
            read = mark; // a fresh start reads from now on: what exists already is not behind
        }
    }

    /**
     * An event read. Returns whether it ends a stall.
     */
    boolean read(Mark mark) {
        read = mark;
        emptySince = null;
        boolean ended = detections > 0;
        detections = 0;
        stalledSince = null;
        return ended;
    }

    /** A read that returned nothing. */
    void emptyRead() {
        if (!behind()) {
            emptySince = null;
        } else if (emptySince == null) {
            emptySince = clock.instant();
        }
    }

    /** Whether the source shows a newer event than the last one read. */
    boolean behind() {
        Mark last = read;
        Mark latest = newest;
        return last != null && latest != null && latest.sequence() > last.sequence();
    }

    /** Whether reads have been empty for the timeout while newer events exist. */
    boolean stalled() {
        return behind() && emptySince != null && !clock.instant().isBefore(emptySince.plus(timeout));
    }

    /** How long a wait for new events may last before the stall check is due again; {@code max} when not behind. */
    Duration nextCheckWithin(Duration max) {
        if (emptySince == null || !behind()) {
            return max;
        }
        Duration left = Duration.between(clock.instant(), emptySince.plus(timeout));
        return left.compareTo(max) < 0 ? (left.isNegative() ? Duration.ZERO : left) : max;
    }

    /**
     * Records a stall being handled (the collector is recreated): the timer starts again for the new collector.
     * Returns how many times this stall has been detected, 1 for a new one.
     */
    int detected() {
        if (detections == 0) {
            stalledSince = emptySince;
        }
        detections++;
        emptySince = clock.instant();
        return detections;
    }

    boolean inStall() {
        return detections > 0;
    }

    Instant stalledSince() {
        return stalledSince;
    }

    Mark readPosition() {
        return read;
    }

    Mark newest() {
        return newest;
    }

    /** Events the source shows beyond the last one read (0 when caught up). */
    double lagEvents() {
        Mark last = read;
        Mark latest = newest;
        return last == null || latest == null ? 0 : Math.max(0, latest.sequence() - last.sequence());
    }

    /** Seconds between the last event read and the source's newest one, while behind (else 0). */
    double lagSeconds() {
        Mark last = read;
        Mark latest = newest;
        if (!behind()) {
            return 0;
        }
        return Math.max(0, Duration.between(last.time(), latest.time()).toMillis() / 1000.0);
    }
}
