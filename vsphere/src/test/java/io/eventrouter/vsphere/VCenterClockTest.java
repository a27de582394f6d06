package io.eventrouter.vsphere;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class VCenterClockTest {

    private static final Instant ROUTER = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aDropInTheDifferenceBeyondTheToleranceIsAStepBack() {
        VCenterClock clock = new VCenterClock();
        assertThat(clock.observe(ROUTER.plusSeconds(30), ROUTER)).isEmpty(); // vCenter 30 s ahead: no step
        assertThat(clock.offsetSeconds()).isEqualTo(30);
        assertThat(clock.observe(ROUTER.plusSeconds(70), ROUTER.plusSeconds(41))).as("a call's latency").isEmpty();
        assertThat(clock.observe(ROUTER.plusSeconds(60), ROUTER.plusSeconds(330)))
                .contains(Duration.ofSeconds(299));
        assertThat(clock.observe(ROUTER.plusSeconds(1000), ROUTER.plusSeconds(700))).as("forward is no step")
                .isEmpty();
    }
}
