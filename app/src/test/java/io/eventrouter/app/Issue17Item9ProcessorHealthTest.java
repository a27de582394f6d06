package io.eventrouter.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.health.ProcessorHealth;
import io.eventrouter.spi.DeliveryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 item 9: a processor's first failure and its recovery are logged once each, with a reminder at most once a
 * minute while it fails; its state says since when and why; a rejected event does not make it fail.
 */
class Issue17Item9ProcessorHealthTest {

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final ProcessorHealth health = new ProcessorHealth(clock);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProcessorHealth.class);

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
        health.register("knative");
        health.register("kafka");
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private void fail(DeliveryResult result, Duration after) {
        clock.now = clock.now.plus(after);
        health.retrying("knative", null, result, 1, Duration.ofMillis(100));
    }

    @Test
    void issue17item9_firstFailureAndRecoveryAreLoggedOnceWithRareReminders() {
        assertThat(health.states().get("knative").delivering()).isTrue();

        fail(DeliveryResult.unavailable(503, "Service Unavailable", null), Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            fail(DeliveryResult.networkError(new java.net.ConnectException("Connection refused")), Duration.ofMillis(500));
        }
        // 50 s after the first failure: still one line
        assertThat(log.list).hasSize(1);
        assertThat(log.list.getFirst().getFormattedMessage())
                .startsWith("processor knative cannot deliver: HTTP 503: Service Unavailable; retrying");
        assertThat(log.list.getFirst().getLevel().toString()).isEqualTo("WARN");

        fail(DeliveryResult.retryable(500, "boom"), Duration.ofSeconds(10));
        assertThat(log.list).hasSize(2);
        assertThat(log.list.get(1).getFormattedMessage())
                .isEqualTo("processor knative still cannot deliver, for 1m (102 failed attempts): HTTP 500: boom");
        ProcessorHealth.State failing = health.states().get("knative");
        assertThat(failing.delivering()).isFalse();
        assertThat(failing.since()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(failing.reason()).isEqualTo("HTTP 500: boom");
        assertThat(health.allDelivering()).isFalse();
        assertThat(health.states().get("kafka").delivering()).as("the others are unaffected").isTrue();

        clock.now = clock.now.plusSeconds(20);
        health.delivered("knative", null, DeliveryResult.delivered(202), 3);
        health.delivered("knative", null, DeliveryResult.delivered(202), 1);
        assertThat(log.list).hasSize(3);
        assertThat(log.list.get(2).getFormattedMessage())
                .isEqualTo("processor knative delivers again, after failing for 1m20s (102 failed attempts)");
        assertThat(log.list.get(2).getLevel().toString()).isEqualTo("INFO");
        assertThat(health.allDelivering()).isTrue();
        assertThat(health.states().get("knative").since()).isEqualTo(clock.now);
    }

    @Test
    void issue17item9_aRejectedEventSaysNothingAboutTheDestination() {
        health.deadLettered("knative", null, DeliveryResult.rejected(400, "bad event"), "dead letters");
        health.dropped("knative", null, DeliveryResult.rejected(422, "bad event"));

        assertThat(health.allDelivering()).isTrue();
        assertThat(log.list).isEmpty();

        health.dropped("knative", null, DeliveryResult.retryable(500, "retries used up"));
        assertThat(health.allDelivering()).isFalse();
    }

    @Test
    void issue17item9_theReasonShowsNoCredentialsOfAUrl() {
        health.retrying("kafka", null, DeliveryResult.networkError(
                new java.io.IOException("cannot connect to https://router:s3cret@fn.local/")), 1, Duration.ZERO);

        assertThat(health.states().get("kafka").reason()).isEqualTo("cannot connect to https://***@fn.local/");
        assertThat(log.list.getFirst().getFormattedMessage()).doesNotContain("s3cret");
    }
}
