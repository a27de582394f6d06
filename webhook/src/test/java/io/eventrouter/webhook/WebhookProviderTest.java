package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.Secret;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.routing.Router;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.testing.RecordingProcessor;
import io.eventrouter.testing.RouterHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookProviderTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingProcessor processor = new RecordingProcessor();
    private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    private Router router;
    private WebhookProvider provider;

    private URI start(WebhookConfig config, DeliveryPolicy delivery) throws Exception {
        router = RouterHarness.to(processor).named("p", "test").delivery(delivery).start().router();
        provider = new WebhookProvider(config);
        provider.start(ProviderEnvironment.of("hook", router.publisher("hook"), health.register("hook")));
        return URI.create("http://127.0.0.1:" + provider.address().getPort() + "/webhook");
    }

    private URI start(WebhookConfig config) throws Exception {
        return start(config, DeliveryPolicy.defaults());
    }

    private static WebhookConfig config(BasicAuth auth, long maxBody) {
        return new WebhookConfig("127.0.0.1:0", "/Webhook/", auth, maxBody, 8192, Duration.ofMillis(100),
                Duration.ofSeconds(5), null, null, null);
    }

    private static WebhookConfig config() {
        return config(null, 4096);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (provider != null) {
            provider.close();
        }
        if (router != null) {
            router.close(Duration.ofSeconds(1));
        }
    }

    private HttpResponse<String> post(URI uri, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postBinary(URI uri, String id, String... extraHeaders) throws Exception {
        String[] headers = new String[6 + extraHeaders.length];
        System.arraycopy(new String[]{"ce-specversion", "1.0", "ce-id", id, "ce-type", "test.type"}, 0, headers, 0, 6);
        System.arraycopy(extraHeaders, 0, headers, 6, extraHeaders.length);
        return post(uri, "application/json", "{\"id\":\"" + id + "\"}",
                java.util.stream.Stream.concat(java.util.Arrays.stream(headers),
                        java.util.stream.Stream.of("ce-source", "/src")).toArray(String[]::new));
    }

    @Test
    void binaryEventPassesUnchangedAndIsAnswered200AfterDelivery() throws Exception {
        URI uri = start(config());
        HttpResponse<String> response = post(uri, "application/json", "{\"vm\":\"web-01\"}",
                "ce-specversion", "1.0", "ce-id", "42", "ce-source", "/vc", "ce-type", "vm.powered.off",
                "ce-subject", "VmPoweredOffEvent", "ce-time", "2026-11-21T10:00:00.123Z", "ce-vsphereapiversion", "8.0.2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(processor.delivered()).singleElement().satisfies(event -> {
            assertThat(event.getId()).isEqualTo("42");
            assertThat(event.getSource()).isEqualTo(URI.create("/vc"));
            assertThat(event.getType()).isEqualTo("vm.powered.off");
            assertThat(event.getSubject()).isEqualTo("VmPoweredOffEvent");
            assertThat(event.getTime()).hasToString("2026-11-21T10:00:00.123Z");
            assertThat(event.getExtension("vsphereapiversion")).isEqualTo("8.0.2");
            assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"vm\":\"web-01\"}");
        });
        assertThat(health.isUp("hook")).isTrue();
    }

    @Test
    void structuredAndBatchedModesAreRead() throws Exception {
        URI uri = start(config());
        String event = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/s\",\"type\":\"t\",\"data\":{\"n\":%s}}";
        assertThat(post(uri, "application/cloudevents+json; charset=utf-8", event.formatted("a", 1)).statusCode())
                .isEqualTo(200);
        String batch = "[" + event.formatted("b", 2) + "," + event.formatted("c", 3) + "," + event.formatted("d", 4) + "]";
        assertThat(post(uri, "application/cloudevents-batch+json", batch).statusCode()).isEqualTo(200);

        assertThat(processor.delivered()).extracting(CloudEvent::getId).containsExactly("a", "b", "c", "d");
    }

    @Test
    void invalidEventsGet400WithTheReason() throws Exception {
        URI uri = start(config());
        HttpResponse<String> missingId = post(uri, "application/json", "{}", "ce-specversion", "1.0", "ce-source", "/s",
                "ce-type", "t");
        assertThat(missingId.statusCode()).isEqualTo(400);
        assertThat(missingId.body()).contains("id");

        HttpResponse<String> plainJson = post(uri, "application/json", "{\"a\":1}");
        assertThat(plainJson.statusCode()).isEqualTo(400);
        assertThat(plainJson.body()).contains("not a CloudEvent");

        HttpResponse<String> badStructured = post(uri, "application/cloudevents+json", "{\"specversion\":\"1.0\"");
        assertThat(badStructured.statusCode()).isEqualTo(400);

        HttpResponse<String> badVersion = post(uri, "application/json", "{}", "ce-specversion", "9.9", "ce-id", "1",
                "ce-source", "/s", "ce-type", "t");
        assertThat(badVersion.statusCode()).isEqualTo(400);

        HttpResponse<String> badBatch = post(uri, "application/cloudevents-batch+json", "{\"not\":\"an array\"}");
        assertThat(badBatch.statusCode()).isEqualTo(400);
        assertThat(badBatch.body()).contains("JSON array");
        assertThat(processor.attempts()).isEmpty();
    }

    @Test
    void unsupportedFormatGets415() throws Exception {
        URI uri = start(config());
        HttpResponse<String> xml = post(uri, "application/cloudevents+xml", "<event/>");
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.body()).contains("unsupported event format");
    }

    @Test
    void oversizeBodyGets413() throws Exception {
        URI uri = start(config(null, 1024));
        HttpResponse<String> response = post(uri, "application/json", "x".repeat(5000), "ce-specversion", "1.0",
                "ce-id", "1", "ce-source", "/s", "ce-type", "t");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(processor.attempts()).isEmpty();
    }

    @Test
    void otherMethodsGet405AndUnknownPaths404() throws Exception {
        URI uri = start(config());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST, OPTIONS");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(uri).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(postBinary(uri.resolve("/webhook/extra"), "1").statusCode()).isEqualTo(404);
        assertThat(postBinary(uri.resolve("/other"), "1").statusCode()).isEqualTo(404);
    }

    @Test
    void optionsAnswersTheAbuseProtectionHandshake() throws Exception {
        URI uri = start(config());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("WebHook-Request-Origin", "eventemitter.example.com").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("WebHook-Allowed-Origin")).contains("eventemitter.example.com");
        assertThat(response.headers().firstValue("WebHook-Allowed-Rate")).contains("*");
    }

    @Test
    void basicAuthIsRequiredWhenConfigured() throws Exception {
        BasicAuth auth = new BasicAuth("sender", new Secret("s3cret"));
        URI uri = start(config(auth, 4096));
        String good = "Basic " + Base64.getEncoder().encodeToString("sender:s3cret".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("sender:wrong".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> none = postBinary(uri, "1");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(postBinary(uri, "2", "Authorization", bad).statusCode()).isEqualTo(401);
        assertThat(postBinary(uri, "3", "Authorization", "Basic !!notbase64").statusCode()).isEqualTo(401);
        assertThat(postBinary(uri, "4", "Authorization", good).statusCode()).isEqualTo(200);
        assertThat(processor.delivered()).extracting(CloudEvent::getId).containsExactly("4");
    }

    @Test
    void fullQueueGets429WithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        processor.answerWith(event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.delivered(200);
        });
        DeliveryPolicy tiny = DeliveryPolicy.builder().retry(0).backoffPolicy(BackoffPolicy.LINEAR)
                .backoffDelay(Duration.ofMillis(10)).backoffMax(Duration.ofMillis(10)).timeout(Duration.ofSeconds(5))
                .concurrency(1).maxQueuedEvents(1).maxQueuedBytes(1L << 20).build();
        URI uri = start(config(), tiny);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                postBinary(uri, "first");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        org.awaitility.Awaitility.await().until(() -> processor.attempts().size() == 1);

        HttpResponse<String> second = postBinary(uri, "second");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("1");
        release.countDown();
        first.join();
    }

    @Test
    void eventADestinationRefusesWithoutDeadLetterSinkGets500() throws Exception {
        processor.answerWith(event -> DeliveryResult.fromHttpStatus(400, "no", null));
        URI uri = start(config());
        HttpResponse<String> response = postBinary(uri, "1");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("dropped");
    }

    @Test
    void pathIsNormalisedAsTheOriginalDid() {
        assertThat(WebhookPath.normalize("/SomePath/")).isEqualTo("/somepath");
        assertThat(WebhookPath.normalize("")).isEqualTo("/webhook");
        assertThat(WebhookPath.normalize("a b/c")).isEqualTo("/a%20b/c");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookPath.normalize("/"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
