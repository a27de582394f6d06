package io.eventrouter.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17 item 3 end to end: an event whose binary-mode headers are over the HTTP client's limit (the red team's
 * poison) failed locally, was taken for a network error and retried for ever, wedging the processor. Now it fails
 * for good at once: the webhook answers 500 (dropped, no dead-letter sink), a warning gives the reason, it is counted
 * in {@code eventrouter_delivery_permanent_failures_total}, and the events after it are delivered.
 */
class Issue17Item3PoisonTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.eventrouter.routing");

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private int post(RunningRouter router, String id, int extensionBytes) throws Exception {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/vc", "type": "com.vmware.event.router/event",
                 "subject": "VmPoweredOnEvent", "big": "%s", "data": {}}
                """.formatted(id, "x".repeat(extensionBytes));
        return http.send(HttpRequest.newBuilder(router.webhook()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void headersTheClientCannotSendFailForGoodAtOnceAndTheProcessorDeliversOn() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary",
                     "  delivery: {retry: 3}", "").replace("    path: /webhook\n",
                     "    path: /webhook\n    maxAttributeBytes: 65536\n"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(router, "poison-" + i, 40_000)).as("dropped: the sender learns it").isEqualTo(500);
            }
            assertThat(post(router, "after", 10)).isEqualTo(200);

            assertThat(receiver.events()).extracting(event -> event.getId()).containsExactly("after");
            assertThat(log.list).filteredOn(line -> line.getLevel() == Level.WARN)
                    .filteredOn(line -> line.getFormattedMessage().contains("event poison-0 from /vc failed for good"))
                    .singleElement().satisfies(line -> assertThat(line.getFormattedMessage()).contains("not retried"));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(router.metrics("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .contains("eventrouter_delivery_permanent_failures_total{processor=\"knative\"} 3.0")
                    .doesNotContain("eventrouter_delivery_retries_total{processor=\"knative\""));
        }
    }
}
