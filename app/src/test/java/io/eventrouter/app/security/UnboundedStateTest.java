package io.eventrouter.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.eventrouter.app.RunningRouter;
import io.eventrouter.metrics.ContentKeys;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team item 2: state keyed by event content (the {@code /stats} invocations per subject, the viewer's counts per
 * type and subject) is capped in entries and in key length, whatever senders make up; the counts stay complete.
 */
class UnboundedStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void uniqueSubjectsShareAnOtherEntryInStatsAndTheViewerCountsOnceTheCapIsReached() throws Exception {
        int events = 1500;
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "",
                     ""))) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = 0; i < events; i++) {
                // unique subjects, each longer than a stats key may be
                batch.addObject().put("specversion", "1.0").put("id", "e" + i).put("source", "/hostile")
                        .put("type", "t" + i + "x".repeat(1000)).put("subject", "s" + i + "y".repeat(1000));
            }
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(router.webhook())
                    .header("Content-Type", "application/cloudevents-batch+json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);

            JsonNode stats = JSON.readTree(get(router, "/stats"));
            JsonNode invocations = stats.path("vmware.event.router.stats").path("knative").path("invocations");
            assertThat(invocations.size()).isBetween(1000, 1001 + Runtime.getRuntime().availableProcessors());
            long counted = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = invocations.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                assertThat(entry.getKey().length()).isLessThanOrEqualTo(256);
                counted += entry.getValue().path("SuccessCount").asLong();
            }
            assertThat(counted).isEqualTo(events);
            assertThat(invocations.path(ContentKeys.OTHER).path("SuccessCount").asLong()).isGreaterThan(0);

            JsonNode types = JSON.readTree(get(router, "/events/counts")).path("types");
            assertThat(types.size()).isLessThanOrEqualTo(1001 + Runtime.getRuntime().availableProcessors());
            long viewerCounted = 0;
            for (JsonNode type : types) {
                assertThat(type.path("type").asText().length()).isLessThanOrEqualTo(256);
                assertThat(type.path("subject").asText().length()).isLessThanOrEqualTo(256);
                viewerCounted += type.path("count").asLong();
            }
            assertThat(viewerCounted).isEqualTo(events);
            // the /stats document stays small: 1000 keys of at most 256 characters
            assertThat(get(router, "/stats").length()).isLessThan(1_000_000);
        }
    }

    private String get(RunningRouter router, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(router.metrics(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
