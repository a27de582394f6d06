package io.eventrouter.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.metrics.ContentKeys;
import io.eventrouter.metrics.VebaStats;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor that lists declined subjects in {@code /stats} (EventBridge, as the original) keeps them under the same
 * cap as delivered ones: a sender making up subjects cannot grow the document without bound.
 */
class DeclinedSubjectsStatsTest {

    @Test
    void declinedSubjectsShareTheOtherEntryOnceTheCapIsReached() {
        VebaStats stats = new VebaStats(Clock.systemUTC(), "router", List.of());
        stats.registerProcessor("eventbridge", "aws_event_bridge", "arn:aws:events:rule", true);
        for (int i = 0; i < 1500; i++) {
            stats.declined("eventbridge", new TrackedEvent(i, CloudEventBuilder.v1().withId("e" + i)
                    .withSource(URI.create("/hostile")).withType("t").withSubject("s" + i + "y".repeat(1000)).build(),
                    "webhook", null, 0, Instant.now()));
        }

        JsonNode invocations = stats.render().path("vmware.event.router.stats").path("aws_event_bridge")
                .path("invocations");
        assertThat(invocations.size()).isEqualTo(1001);
        assertThat(invocations.has(ContentKeys.OTHER)).isTrue();
        invocations.fieldNames().forEachRemaining(subject -> assertThat(subject.length()).isLessThanOrEqualTo(256));
    }
}
