package io.eventrouter.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Capped growing pauses between attempts: min, 2·min, 4·min, … max, until {@link #reset()}. One instance counts the
 * failures of one loop (it is not shared between threads); the static functions give the same growth to callers that
 * count attempts themselves (delivery retries).
 */
public final class Backoff {

    /** Doubling stops here: 2^30 times any sensible minimum is past any sensible cap. */
    private static final int MAX_EXPONENT = 30;

    private final Duration min;
    private final Duration max;
    private final Sleeper sleeper;
    private int failures;

    public Backoff(Duration min, Duration max, Sleeper sleeper) {
        if (min == null || min.isNegative() || max == null || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= min <= max, got " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public Backoff(Duration min, Duration max) {
        this(min, max, Sleeper.SYSTEM);
    }

    /** {@code base · 2^exponent}, at most {@code max} (and never overflowing). */
    public static Duration exponential(Duration base, int exponent, Duration max) {
        return capped(base, 1L << Math.clamp(exponent, 0, MAX_EXPONENT), max);
    }

    /** {@code step · n}, at most {@code max}. */
    public static Duration linear(Duration step, int n, Duration max) {
        return capped(step, Math.max(0, n), max);
    }

    private static Duration capped(Duration base, long factor, Duration max) {
        try {
            Duration pause = base.multipliedBy(factor);
            return pause.compareTo(max) > 0 ? max : pause;
        } catch (ArithmeticException overflow) {
            return max;
        }
    }

    /** The pause before the next attempt; each call counts one more failure. */
    public Duration next() {
        return exponential(min, failures++, max);
    }

    /** Sleeps {@code duration} (a pause {@link #next()} gave) with this backoff's sleeper. */
    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(duration);
    }

    /** Whether nothing failed since the last success. */
    public boolean fresh() {
        return failures == 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }

    /** A success: the next failure pauses {@code min} again. */
    public void reset() {
        failures = 0;
    }
}
