package io.eventrouter.app.viewer;

import io.eventrouter.app.viewer.Outcome.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedOutcomeTest {

    private static Outcome outcome(State state, int attempts) {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        return new Outcome(state, attempts, 0, "", now, state == State.RATE_LIMITED ? now.plusSeconds(2) : null);
    }

    @Test
    void aRateLimitedEventShowsAsSuchUntilItsAttemptEnds() {
        Outcome limited = outcome(State.RATE_LIMITED, 0);

        assertThat(limited.replaces(outcome(State.QUEUED, 0))).isTrue();
        assertThat(limited.replaces(outcome(State.RETRYING, 2))).as("a held retry stays a retry").isFalse();
        assertThat(outcome(State.DELIVERED, 1).replaces(limited)).isTrue();
        assertThat(outcome(State.RETRYING, 1).replaces(limited)).isTrue();
        assertThat(limited.replaces(outcome(State.DELIVERED, 1))).isFalse();
        assertThat(State.RATE_LIMITED.wireName()).isEqualTo("rate-limited");
    }
}
