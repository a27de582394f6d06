package io.eventrouter.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(backoff.fresh()).isTrue();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
        }
        assertThat(backoff.fresh()).isFalse();
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void sleepsWithTheInjectedSleeper() throws Exception {
        List<Duration> slept = new ArrayList<>();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), slept::add);
        backoff.sleep(backoff.next());
        backoff.sleep(backoff.next());
        backoff.sleep(backoff.next());
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(backoff.failures()).isEqualTo(3);
    }

    @Test
    void theStaticFormsAreCappedAndNeverOverflow() {
        Duration max = Duration.ofDays(1);
        assertThat(Backoff.exponential(Duration.ofMillis(200), 0, max)).isEqualTo(Duration.ofMillis(200));
        assertThat(Backoff.exponential(Duration.ofMillis(200), 3, max)).isEqualTo(Duration.ofMillis(1600));
        assertThat(Backoff.exponential(Duration.ofSeconds(1), 1_000, max)).isEqualTo(max);
        assertThat(Backoff.exponential(Duration.ofDays(365 * 1000), 30, Duration.ofDays(365_000_000)))
                .isEqualTo(Duration.ofDays(365_000_000));
        assertThat(Backoff.linear(Duration.ofMillis(300), 3, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(900));
        assertThat(Backoff.linear(Duration.ofMillis(300), 4, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    }
}
