package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.RecordingProcessor;
import io.eventrouter.testing.RouterHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The part of the pull-provider contract that applies to the webhook, a push source (it cannot read what was sent
 * while it was down, and keeps its position in its journal, not in a checkpoint store): with a journal, events
 * answered 200 but not acknowledged by the router when the provider closed are published again after a restart,
 * and events acknowledged before are not.
 */
class WebhookJournalRestartTest {

    private static final DeliveryPolicy QUICK_RETRIES = DeliveryPolicy.builder().retry(100)
            .backoffPolicy(BackoffPolicy.LINEAR).backoffDelay(Duration.ofMillis(20)).backoffMax(Duration.ofMillis(50))
            .timeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path journal;

    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingProcessor processor = new RecordingProcessor();
    private RouterHarness router;
    private WebhookProvider provider;

    @AfterEach
    void stop() throws InterruptedException {
        stopRun();
    }

    @Test
    void eventsNotAcknowledgedBeforeCloseArePublishedAgainAfterARestartAcknowledgedOnesAreNot() throws Exception {
        Set<String> refused = Set.of("e-4", "e-5");
        processor.answerWith(event -> refused.contains(event.getId())
                ? DeliveryResult.unavailable(503, "down for the test", null) : DeliveryResult.delivered(202));
        URI uri = startRun();
        for (int i = 1; i <= 5; i++) {
            assertThat(postBinary(uri, "e-" + i).statusCode()).as("e-%d journaled", i).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(processor.delivered()).containsAll(
                List.of("e-1", "e-2", "e-3")) && ids(processor.attempts()).containsAll(refused));
        stopRun();

        processor.answerWith(event -> DeliveryResult.delivered(202));
        startRun();

        await().atMost(Duration.ofSeconds(30)).until(() -> ids(processor.delivered()).containsAll(refused));
        List<String> delivered = ids(processor.delivered());
        for (String id : List.of("e-1", "e-2", "e-3")) {
            assertThat(Collections.frequency(delivered, id)).as("%s, acknowledged before the restart", id)
                    .isEqualTo(1);
        }
    }

    private URI startRun() throws Exception {
        router = RouterHarness.to(processor).named("p", "test").delivery(QUICK_RETRIES).start();
        provider = new WebhookProvider(ConfigSections.bind("""
                bindAddress: 127.0.0.1:0
                path: /webhook
                journal: {directory: "%s"}
                """.formatted(journal), WebhookConfig.class));
        provider.start(ProviderEnvironment.of("hook", router.publisher("hook"),
                new HealthRegistry(Clock.systemUTC()).register("hook")));
        return URI.create("http://127.0.0.1:" + provider.address().getPort() + "/webhook");
    }

    /** Provider first (the journal records what was acknowledged), then the router. */
    private void stopRun() throws InterruptedException {
        if (provider != null) {
            provider.close();
            provider = null;
        }
        if (router != null) {
            router.close();
            router = null;
        }
    }

    private HttpResponse<String> postBinary(URI uri, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "test.type")
                .header("ce-source", "/src").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getId).toList();
    }
}
