package io.eventrouter.vsphere;

import io.eventrouter.config.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A past stretch of a vCenter's event history, from {@code since} to {@code until} (both included). Bounds given as
 * durations ("2h") count back from vCenter's clock, not this machine's, as the events' times are vCenter's too.
 *
 * @param until {@code null}: vCenter's time when the replay starts, so that events created meanwhile are left to
 *              the running router (a later time is cut to that too)
 */
public record ReplayWindow(Bound since, Bound until) {

    public ReplayWindow {
        if (since == null) {
            throw new IllegalArgumentException("a replay needs a start");
        }
        // Bounds of one kind keep their order whatever vCenter's time: check them before vCenter is asked.
        if (until != null && since.getClass() == until.getClass()) {
            if (since.resolve(Instant.EPOCH).isAfter(until.resolve(Instant.EPOCH))) {
                throw new IllegalArgumentException("--since (" + since + ") is after --until (" + until + ")");
            }
        }
    }

    /** The window's start against vCenter's current time. */
    public Instant begin(Instant vCenterNow) {
        return since.resolve(vCenterNow);
    }

    /**
     * The window's end against vCenter's current time, never later than it: what is created from now on is the
     * running router's to deliver.
     */
    public Instant end(Instant vCenterNow) {
        if (until == null) {
            return vCenterNow;
        }
        Instant end = until.resolve(vCenterNow);
        return end.isAfter(vCenterNow) ? vCenterNow : end;
    }

    @Override
    public String toString() {
        return "from " + since + " to " + (until == null ? "now" : until);
    }

    /** One end of the window: a point in time, or a duration before vCenter's current time. */
    public sealed interface Bound {

        Instant resolve(Instant vCenterNow);

        /**
         * {@code 2h}, {@code 90m}, {@code PT2H} (before now) or an RFC 3339 time such as
         * {@code 2024-05-01T08:00:00Z}.
         *
         * @throws IllegalArgumentException when it is neither
         */
        static Bound parse(String text) {
            String trimmed = text.strip();
            if (trimmed.length() > 10 && Character.isDigit(trimmed.charAt(0)) && trimmed.charAt(4) == '-') {
                try {
                    return new At(OffsetDateTime.parse(trimmed).toInstant());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not an RFC 3339 time (e.g. 2024-05-01T08:00:00Z): " + text);
                }
            }
            Duration ago;
            try {
                ago = Durations.parse(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("neither a duration (e.g. 2h, 90m) nor an RFC 3339 time: " + text);
            }
            if (ago.isNegative()) {
                throw new IllegalArgumentException("a duration before now must not be negative: " + text);
            }
            return new Ago(ago);
        }
    }

    public record At(Instant instant) implements Bound {
        @Override
        public Instant resolve(Instant vCenterNow) {
            return instant;
        }

        @Override
        public String toString() {
            return instant.toString();
        }
    }

    public record Ago(Duration duration) implements Bound {
        @Override
        public Instant resolve(Instant vCenterNow) {
            return vCenterNow.minus(duration);
        }

        @Override
        public String toString() {
            return Durations.format(duration) + " ago";
        }
    }
}
