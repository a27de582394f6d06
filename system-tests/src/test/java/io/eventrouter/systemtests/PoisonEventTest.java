package io.eventrouter.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.vcsim.EventPoster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One event the sink always rejects with 400 ends in the dead-letter directory, and the events after it flow on. */
class PoisonEventTest {

    @Test
    void aRejectedEventIsDeadLetteredAndTheStreamContinues(@TempDir Path dir) throws Exception {
        try (VcenterScenario scenario = new VcenterScenario(dir, "poison", "retry: 5")) {
            scenario.receiver.respondWith(event -> VcenterScenario.data(event).path("Message").asText().equals("poison")
                    ? CloudEventsReceiver.Reply.of(400) : CloudEventsReceiver.Reply.of(202));
            scenario.router.start();
            try (EventPoster poster = scenario.poster()) {
                poster.postAll(VcenterScenario.events("good", 0, 20), 1);
                poster.post(EventPoster.generalUserEvent("poison"));
                poster.postAll(VcenterScenario.events("good", 20, 40), 1);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.arrivedMessages().containsAll(VcenterScenario.messages("good", 0, 40)));
            Path deadLetterFile = scenario.deadLetters.resolve("receiver.jsonl");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(deadLetterFile));

            List<String> lines = Files.readAllLines(deadLetterFile);
            assertThat(lines).hasSize(1);
            JsonNode dead = new ObjectMapper().readTree(lines.getFirst());
            assertThat(dead.path("data").path("Message").asText()).isEqualTo("poison");
            assertThat(dead.path("knativeerrorcode").asInt()).isEqualTo(400);
            assertThat(dead.path("knativeerrordest").asText()).isEqualTo("http://127.0.0.1:" + scenario.receiverPort + "/");
            assertThat(new String(Base64.getDecoder().decode(dead.path("knativeerrordata").asText()), StandardCharsets.UTF_8))
                    .isEmpty();
            assertThat(scenario.arrivedMessages()).doesNotContain("poison");
            MetricsScrape metrics = MetricsScrape.of(scenario.router.metrics("/metrics"));
            assertThat(metrics.sum("eventrouter_deliveries_total", "outcome=\"dead_lettered\"")).isEqualTo(1);
        }
    }
}
