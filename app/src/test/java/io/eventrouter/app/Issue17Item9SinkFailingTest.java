package io.eventrouter.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.health.ProcessorHealth;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17 item 9: when a destination stops taking events the router says so — one warning at the first failure (not
 * one per retry), one line at the recovery, the state in {@code /readyz} (ready all the same, unless
 * {@code readinessRequiresDelivery}) and in the viewer.
 */
class Issue17Item9SinkFailingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProcessorHealth.class);

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private CompletableFuture<HttpResponse<String>> post(RunningRouter router, String id) {
        return http.sendAsync(HttpRequest.newBuilder(router.webhook()).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/vc")
                .header("ce-type", "com.vmware.event.router/event").header("ce-subject", "VmPoweredOnEvent")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void issue17item9_aFailingSinkIsLoggedShownAndReportedWithoutMakingThePodUnready() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary",
                     "  delivery: {retryRules: knative, backoffDelay: PT0.01S, backoffMax: PT0.02S}", ""))) {
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(down.get() ? 503 : 202));
            CompletableFuture<HttpResponse<String>> answer = post(router, "1");

            await().atMost(10, TimeUnit.SECONDS).until(() -> receiver.requestCount() >= 20);
            assertThat(messages()).singleElement().asString()
                    .startsWith("processor knative cannot deliver: HTTP 503")
                    .endsWith("retrying (logged again when it delivers, or every 1m while it cannot)");

            HttpResponse<String> readyz = get(router.metrics("/readyz"));
            assertThat(readyz.statusCode()).as("ready all the same: the webhook keeps taking events").isEqualTo(200);
            JsonNode knative = JSON.readTree(readyz.body()).path("processors").path("knative");
            assertThat(knative.path("delivering").asBoolean()).isFalse();
            assertThat(knative.path("reason").asText()).startsWith("HTTP 503");
            assertThat(knative.path("failedAttempts").asLong()).isGreaterThanOrEqualTo(19);

            JsonNode shown = JSON.readTree(get(router.metrics("/events/counts")).body()).path("processors").get(0);
            assertThat(shown.path("name").asText()).isEqualTo("knative");
            assertThat(shown.path("delivering").asBoolean()).isFalse();
            assertThat(shown.path("reason").asText()).startsWith("HTTP 503");

            down.set(false);
            assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            await().atMost(5, TimeUnit.SECONDS).until(() -> messages().size() == 2);
            assertThat(messages().get(1)).startsWith("processor knative delivers again, after failing for ");
            JsonNode recovered = JSON.readTree(get(router.metrics("/readyz")).body()).path("processors");
            assertThat(recovered.path("knative").path("delivering").asBoolean()).isTrue();
            assertThat(recovered.path("knative").has("reason")).isFalse();
        }
    }

    @Test
    void issue17item9_readinessCanBeMadeToRequireDelivery() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary",
                     "  delivery: {retryRules: knative, backoffDelay: PT0.01S, backoffMax: PT0.02S}",
                     "    readinessRequiresDelivery: true"))) {
            assertThat(get(router.metrics("/readyz")).statusCode()).isEqualTo(200);
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(down.get() ? 503 : 202));
            CompletableFuture<HttpResponse<String>> answer = post(router, "1");

            await().atMost(10, TimeUnit.SECONDS).until(() -> get(router.metrics("/readyz")).statusCode() == 503);
            down.set(false);
            assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            await().atMost(5, TimeUnit.SECONDS).until(() -> get(router.metrics("/readyz")).statusCode() == 200);
        }
    }
}
