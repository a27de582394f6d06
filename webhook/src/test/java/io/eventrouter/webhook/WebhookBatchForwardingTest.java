package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.testing.RouterHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A batched-mode request reaches a processor that takes batches as one batch, in the request's order. */
class WebhookBatchForwardingTest {

    /** Takes up to 100 events per call and records each call's events. */
    private static final class BatchRecorder implements EventProcessor {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();

        @Override
        public DeliveryResult deliver(CloudEvent event, Duration timeout) {
            return deliverAll(List.of(event), timeout).getFirst();
        }

        @Override
        public int maxBatchSize() {
            return 100;
        }

        @Override
        public List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) {
            calls.add(events.stream().map(CloudEvent::getId).toList());
            return Collections.nCopies(events.size(), DeliveryResult.delivered(202));
        }

        @Override
        public String describe() {
            return "batch recorder";
        }
    }

    private final BatchRecorder processor = new BatchRecorder();
    private RouterHarness router;
    private WebhookProvider provider;

    @AfterEach
    void stop() throws InterruptedException {
        if (provider != null) {
            provider.close();
        }
        if (router != null) {
            router.close();
        }
    }

    private URI start() throws Exception {
        router = RouterHarness.to(processor).named("p", "test").start();
        provider = new WebhookProvider(new WebhookConfig("127.0.0.1:0", "/webhook", null, 1 << 20, 8192,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, null));
        provider.start(ProviderEnvironment.of("hook", router.publisher("hook"),
                new HealthRegistry(Clock.systemUTC()).register("hook")));
        return URI.create("http://127.0.0.1:" + provider.address().getPort() + "/webhook");
    }

    private static HttpResponse<String> postBatch(URI uri, String batch) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBatchWithAnInvalidEventIsRefusedWholeNamingIt() throws Exception {
        URI uri = start();
        HttpResponse<String> response = postBatch(uri, """
                [{"specversion":"1.0","id":"a","source":"/s","type":"t"},{"specversion":"1.0","id":"b","source":"/s"}]""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("batch event [1] is invalid");
        assertThat(processor.calls).isEmpty();
    }

    @Test
    void aBatchedRequestIsDeliveredAsOneBatch() throws Exception {
        URI uri = start();

        for (int request = 0; request < 5; request++) {
            int first = request * 50;
            String batch = IntStream.range(first, first + 50).mapToObj(i -> """
                    {"specversion":"1.0","id":"e-%d","source":"/s","type":"t","data":{"n":%d}}""".formatted(i, i))
                    .collect(Collectors.joining(",", "[", "]"));
            HttpResponse<String> response = postBatch(uri, batch);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(processor.calls.getLast()).as("request %d", request)
                    .containsExactlyElementsOf(IntStream.range(first, first + 50).mapToObj(i -> "e-" + i).toList());
        }
        assertThat(processor.calls).hasSize(5);
    }
}
