package io.eventrouter.vsphere;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Watches vCenter's clock against the router's. A drop in the difference is vCenter's clock stepping back (an NTP
 * correction, an appliance restored or moved): the events it stamps afterwards can be older than events already read,
 * so a collector that begins at the last event's time would never return them.
 */
final class VCenterClock {

    /** Differences this small are the time a call takes, not a step. */
    static final Duration TOLERANCE = Duration.ofSeconds(2);

    /** vCenter's time minus the router's at the last reading; null before one. */
    private volatile Duration offset;

    /**
     * Records vCenter's time {@code vCenterNow}, read at the router's time {@code routerNow}. Returns how far vCenter's
     * clock went back since the previous reading, when it did by more than the tolerance.
     */
    Optional<Duration> observe(Instant vCenterNow, Instant routerNow) {
        Duration current = Duration.between(routerNow, vCenterNow);
        Duration previous = offset;
        offset = current;
        if (previous == null) {
            return Optional.empty();
        }
        Duration back = previous.minus(current);
        return back.compareTo(TOLERANCE) > 0 ? Optional.of(back) : Optional.empty();
    }

    /** vCenter's time minus the router's, in seconds, at the last reading (0 before one). */
    double offsetSeconds() {
        Duration current = offset;
        return current == null ? 0 : current.toMillis() / 1000.0;
    }
}
