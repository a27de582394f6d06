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
    private Instant initialBegin;

    ResumePoint(Position checkpoint, Duration maxAge) {
        this.checkpoint = checkpoint;
        this.last = checkpoint;
        this.maxAge = maxAge;
    }

    /** The begin time for a new collector; {@code vCenterNow} is vCenter's clock. */
    Instant beginTime(Instant vCenterNow) {
        if (last != checkpoint) {
            return last.createdTime().toInstant().minus(OVERLAP);
        }
        if (initialBegin == null) {
            initialBegin = checkpoint == null ? vCenterNow : clamped(vCenterNow);
        }
        return initialBegin;
    }

    private Instant clamped(Instant vCenterNow) {
        Instant resume = checkpoint.createdTime().toInstant().minus(OVERLAP);
        Instant oldest = vCenterNow.minus(maxAge);
        if (resume.isBefore(oldest)) {
            LOG.warn("the checkpoint (event {} of {}) is older than checkpointMaxAge {}; resuming at {}",
                    checkpoint.key(), checkpoint.createdTime(), maxAge, oldest);
            return oldest;
        }
        return resume;
    }

    /** Whether the event was handed on already: not newer, by key and by time, than the last one. */
    boolean alreadyHandedOn(VimEvent event) {
        return last != null && event.key() <= last.key()
                && !event.createdTime().toInstant().isAfter(last.createdTime().toInstant());
    }

    void handedOn(Position position) {
        last = position;
    }
}
