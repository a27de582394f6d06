package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The router started from a configuration file serves the viewer on its metrics server, fed by every route. */
class ViewerWiringTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWebhookEventShowsUpInTheViewerWithTheKnativeOutcome() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "",
                     ""))) {
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(router.webhook())
                    .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                    .header("ce-id", "42").header("ce-source", "/vc").header("ce-type", "com.vmware.event.router/event")
                    .header("ce-subject", "VmPoweredOnEvent")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Key\":42}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);

            JsonNode history = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    router.metrics("/events/history")).build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode event = history.path("events").get(0);
            assertThat(event.path("provider").asText()).isEqualTo("webhook");
            assertThat(event.path("attributes").path("subject").asText()).isEqualTo("VmPoweredOnEvent");
            assertThat(event.path("data").asText()).isEqualTo("{\"Key\":42}");
            assertThat(event.path("outcomes").path("knative").path("state").asText()).isEqualTo("delivered");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(router.metrics("/events")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        }
    }

    @Test
    void theViewerCanBeTurnedOff() throws Exception {
        String off = """
                    viewer:
                      enabled: false
                """;
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "",
                     off))) {
            assertThat(http.send(HttpRequest.newBuilder(router.metrics("/events")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(router.metrics("/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
