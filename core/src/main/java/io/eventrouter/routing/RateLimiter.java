package io.eventrouter.routing;

import io.eventrouter.config.RateLimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces one route's attempts to {@code delivery.rateLimit}: the generic cell rate algorithm (a token bucket kept as
 * one time stamp). A caller reserves its events' slots and then sleeps until the last one is due, so events are
 * delayed, never dropped, and callers are served in the order they asked. Memory stays bounded because the waiting
 * events are the queue's, which holds the providers back when full.
 */
final class RateLimiter {

    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoTime;
    /** When the next event would conform with no burst left (the bucket's "theoretical arrival time"). */
    private long nextDue;
    private boolean started;

    RateLimiter(RateLimit limit, LongSupplier nanoTime) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / limit.eventsPerSecond()));
        this.toleranceNanos = (limit.burstOrDefault() - 1) * intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** {@code null} when there is no limit. */
    static RateLimiter of(RateLimit limit) {
        return limit == null ? null : new RateLimiter(limit, System::nanoTime);
    }

    /** Reserves slots for {@code events} and returns how long to wait before sending them (zero: at once). */
    synchronized Duration reserve(int events) {
        long now = nanoTime.getAsLong();
        if (!started || nextDue - now < 0) {
            nextDue = now;
            started = true;
        }
        nextDue += events * intervalNanos;
        long lastDue = nextDue - intervalNanos - toleranceNanos;
        return lastDue - now > 0 ? Duration.ofNanos(lastDue - now) : Duration.ZERO;
    }
}
