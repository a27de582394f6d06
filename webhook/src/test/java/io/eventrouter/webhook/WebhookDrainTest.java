package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.JournalSettings;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.ProviderEnvironment;
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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first step of a graceful shutdown with a journal: the webhook refuses new posts (503, not ready) and delivers
 * what it accepted until the journal is empty or the deadline comes; what is left is delivered by the next provider
 * opened on the same journal directory (the pod that gets the volume).
 */
class WebhookDrainTest {

    private static final int ACCEPTED = 20;

    private final HttpClient http = HttpClient.newHttpClient();
    private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    private final CountDownLatch sinkOpen = new CountDownLatch(1);
    private RouterHarness harness;
    private WebhookProvider provider;

    @AfterEach
    void stop() throws InterruptedException {
        sinkOpen.countDown();
        if (provider != null) {
            provider.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void drainRefusesNewPostsAndDeliversEveryAcceptedEventBeforeItReturns(@TempDir Path dir) throws Exception {
        RecordingProcessor sink = slowSink();
        URI uri = start(sink, dir);
        postAccepted(uri, "a", ACCEPTED);
        assertThat(sink.delivered()).hasSizeLessThan(ACCEPTED);

        Thread draining = Thread.ofVirtual().start(() -> drainUntil(Instant.now().plusSeconds(60)));
        await().until(() -> !health.ready());
        HttpResponse<String> refused = post(uri, "late");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(draining.isAlive()).as("the drain waits for the journal").isTrue();

        sinkOpen.countDown();
        draining.join(Duration.ofSeconds(30));
        assertThat(draining.isAlive()).isFalse();
        assertThat(ids(sink)).containsAll(expected("a", ACCEPTED)).doesNotContain("late");
    }

    @Test
    void whatTheDeadlineLeavesInTheJournalIsDeliveredByTheNextProviderOnIt(@TempDir Path dir) throws Exception {
        RecordingProcessor stuck = slowSink();
        URI uri = start(stuck, dir);
        postAccepted(uri, "b", ACCEPTED);

        Instant deadline = Instant.now().plusMillis(500);
        provider.drain(deadline);
        assertThat(Instant.now()).isAfterOrEqualTo(deadline);
        provider.close();
        provider = null;
        harness.close(); // the stuck delivery is abandoned, as when the pod is killed at the end of its grace
        harness = null;
        assertThat(stuck.delivered()).isEmpty();

        RecordingProcessor next = new RecordingProcessor();
        start(next, dir);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(next).containsAll(expected("b", ACCEPTED)));
    }

    /** A sink that takes nothing until the test opens it. */
    private RecordingProcessor slowSink() {
        RecordingProcessor sink = new RecordingProcessor();
        sink.answerWith(event -> {
            try {
                sinkOpen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.retryable(503, "interrupted");
            }
            return DeliveryResult.delivered(200);
        });
        return sink;
    }

    private URI start(RecordingProcessor sink, Path dir) throws Exception {
        harness = RouterHarness.to(sink).named("p", "test").start();
        WebhookConfig config = new WebhookConfig("127.0.0.1:0", "/webhook", null, 1 << 20, 8192,
                Duration.ofSeconds(1), Duration.ofSeconds(5), new JournalSettings(dir.resolve("journal"), 1 << 22,
                1 << 16), null, null);
        provider = new WebhookProvider(config);
        provider.start(ProviderEnvironment.of("hook", harness.publisher("hook"), health.register("hook")));
        return URI.create("http://127.0.0.1:" + provider.address().getPort() + "/webhook");
    }

    private void drainUntil(Instant deadline) {
        try {
            provider.drain(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void postAccepted(URI uri, String prefix, int count) throws Exception {
        for (String id : expected(prefix, count)) {
            assertThat(post(uri, id).statusCode()).as("post %s", id).isEqualTo(200);
        }
    }

    private HttpResponse<String> post(URI uri, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/drain")
                .header("ce-type", "test.event").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> expected(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static List<String> ids(RecordingProcessor sink) {
        return sink.delivered().stream().map(CloudEvent::getId).toList();
    }
}
