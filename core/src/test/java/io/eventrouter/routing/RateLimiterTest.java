package io.eventrouter.routing;

import io.eventrouter.config.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter's arithmetic on a clock the test moves: no real time passes. */
class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    private RateLimiter limiter(double perSecond, int burst) {
        return new RateLimiter(new RateLimit(perSecond, burst), nanos::get);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void withoutBurstEventsAreSpacedByTheInterval() {
        RateLimiter limiter = limiter(10, 1);

        assertThat(limiter.reserve(1)).isZero();
        assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(200));
        advance(Duration.ofMillis(200));
        assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aBurstGoesAtOnceAfterAQuietSpellThenTheRateHolds() {
        RateLimiter limiter = limiter(10, 5);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve(1)).as("event %d of the burst", i).isZero();
        }
        assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(100));

        advance(Duration.ofSeconds(10)); // quiet: the bucket refills to the burst, not beyond
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve(1)).isZero();
        }
        assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aBatchWaitsForItsLastEventsSlot() {
        RateLimiter limiter = limiter(100, 1);

        assertThat(limiter.reserve(10)).isEqualTo(Duration.ofMillis(90));
        assertThat(limiter.reserve(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void overAnyStretchTheAverageIsTheConfiguredRate() {
        RateLimiter limiter = limiter(50, 10);
        long events = 0;
        Duration run = Duration.ofSeconds(60);
        Duration elapsed = Duration.ZERO;
        // callers that always go as soon as they may
        while (true) {
            Duration wait = limiter.reserve(1);
            advance(wait);
            elapsed = elapsed.plus(wait);
            if (elapsed.compareTo(run) > 0) {
                break;
            }
            events++;
        }

        assertThat(events).isEqualTo(50 * 60 + 10); // the burst, then 50/s
    }
}
