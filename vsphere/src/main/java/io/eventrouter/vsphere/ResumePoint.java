package io.eventrouter.vsphere;

import io.eventrouter.vsphere.events.VimEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Where reading (re)starts. Until the first event is handed to the router it is fixed at the first connection: the
 * checkpoint (no older than the maximum age) or, without one, vCenter's time then. From then on it is the last event
 * handed on, so a reconnect within the process neither skips nor repeats anything.
 *
 * <p>A collector starts at a begin time, which includes events at that very instant and, as a guard against events
 * whose key order and time order differ, a little before; events already handed on are then dropped by key.
 */
final class ResumePoint {

    private static final Logger LOG = LoggerFactory.getLogger(ResumePoint.class);
    /** Read a little before the last event's time: keys, not times, decide what was handed on already. */
    static final Duration OVERLAP = Duration.ofSeconds(1);

    private final Position checkpoint;
    private final Duration maxAge;
    private Position last;
    /** The latest creation time handed on: after a clock step back it need not be the last event's. */
    private Instant latest;
    private Instant initialBegin;
    /** How far vCenter's clock went back while this process read: new collectors begin that much earlier. */
    private Duration lookBack = Duration.ZERO;

    ResumePoint(Position checkpoint, Duration maxAge) {
        this.checkpoint = checkpoint;
        this.last = checkpoint;
        this.latest = checkpoint == null ? null : checkpoint.createdTime().toInstant();
        this.maxAge = maxAge;
    }

    /** The begin time for a new collector; {@code vCenterNow} is vCenter's clock. */
    Instant beginTime(Instant vCenterNow) {
        if (last != checkpoint) {
            return last.createdTime().toInstant().minus(OVERLAP).minus(lookBack);
        }
        if (initialBegin == null) {
            initialBegin = checkpoint == null ? vCenterNow : clamped(vCenterNow);
        }
        return initialBegin.minus(lookBack);
    }

    /**
     * vCenter's clock went back by {@code step}: events it stamps from now on may be older than those handed on, so
     * every later collector begins that much earlier (events read again are dropped by key). At most the maximum age.
     */
    void clockWentBack(Duration step) {
        lookBack = lookBack.plus(step).compareTo(maxAge) > 0 ? maxAge : lookBack.plus(step);
    }

    /** Whether vCenter's clock is now before the checkpoint's event: it went back since, by an unknown amount. */
    boolean clockBehindCheckpoint(Instant vCenterNow) {
        return checkpoint != null && last == checkpoint
                && checkpoint.createdTime().toInstant().isAfter(vCenterNow.plus(VCenterClock.TOLERANCE));
    }

    private Instant clamped(Instant vCenterNow) {
        Instant resume = checkpoint.createdTime().toInstant().minus(OVERLAP);
        Instant oldest = vCenterNow.minus(maxAge);
        if (clockBehindCheckpoint(vCenterNow)) {
            LOG.warn("vCenter's clock ({}) is before the checkpoint's event {} of {}: it went back; resuming "
                    + "checkpointMaxAge {} back, at {} (events read again are dropped by key)", vCenterNow,
                    checkpoint.key(), checkpoint.createdTime(), maxAge, oldest);
            return oldest;
        }
        if (resume.isBefore(oldest)) {
            LOG.warn("the checkpoint (event {} of {}) is older than checkpointMaxAge {}; resuming at {}",
                    checkpoint.key(), checkpoint.createdTime(), maxAge, oldest);
            return oldest;
        }
        return resume;
    }

    /**
     * Whether the event was handed on already: its key not above the last one's and its time not after the latest
     * handed on (a restarted history numbers from 1 again with later times; a clock step back stamps newer keys
     * earlier).
     */
    boolean alreadyHandedOn(VimEvent event) {
        return last != null && event.key() <= last.key() && !event.createdTime().toInstant().isAfter(latest);
    }

    void handedOn(Position position) {
        last = position;
        Instant time = position.createdTime().toInstant();
        latest = latest == null || time.isAfter(latest) ? time : latest;
    }
}
