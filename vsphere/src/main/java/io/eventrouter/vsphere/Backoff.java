package io.eventrouter.vsphere;

import java.time.Duration;

/** Capped exponential pauses between reconnect attempts: min, 2·min, 4·min, … max, until {@link #reset()}. */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private int failures;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The pause before the next attempt; each call counts one more failure. */
    Duration next() {
        int exponent = Math.min(failures++, 30);
        Duration pause = min.multipliedBy(1L << exponent);
        return pause.compareTo(max) > 0 || pause.isNegative() ? max : pause;
    }

    /** Whether nothing failed since the last success. */
    boolean fresh() {
        return failures == 0;
    }

    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
