package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.app.http.MetricsServer;
import io.eventrouter.config.file.MetricsSettings;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.metrics.VebaStats;
import io.eventrouter.testing.CloudEventsReceiver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsEndpointsTest {

    private static final String AUTH = """
                auth:
                  type: basic_auth
                  basicAuth:
                    username: admin
                    password: metrics-pass
            """;
    private static final String GOOD = "Basic " + Base64.getEncoder()
            .encodeToString("admin:metrics-pass".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void postEvent(RunningRouter router, String id, String subject) throws Exception {
        http.send(HttpRequest.newBuilder(router.webhook()).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/vc")
                .header("ce-type", "com.vmware.event.router/event").header("ce-subject", subject)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statsHasTheOriginalShapeAndMetricsShowRetries() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary",
                     "  delivery: {retryRules: knative}", AUTH))) {
            AtomicInteger calls = new AtomicInteger();
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(
                    event.getId().equals("2") && calls.incrementAndGet() <= 2 ? 500 : 202));
            postEvent(router, "1", "VmPoweredOnEvent");
            postEvent(router, "2", "VmPoweredOffEvent");
            postEvent(router, "3", "VmPoweredOffEvent");

            assertThat(get(router.metrics("/stats"), null).statusCode()).isEqualTo(401);
            HttpResponse<String> stats = get(router.metrics("/stats"), GOOD);
            assertThat(stats.statusCode()).isEqualTo(200);
            JsonNode root = new ObjectMapper().readTree(stats.body());
            assertThat(root.has("cmdline")).isTrue();
            assertThat(root.path("system.numberOfSeconds").isNumber()).isTrue();
            JsonNode webhook = root.path("vmware.event.router.stats").path("webhook");
            assertThat(webhook.path("type").asText()).isEqualTo("EventProvider");
            assertThat(webhook.path("events_total").asLong()).isEqualTo(3);
            assertThat(webhook.path("events_err").asLong()).isZero();
            assertThat(webhook.path("events_per_sec").isNumber()).isTrue();
            JsonNode knative = root.path("vmware.event.router.stats").path("knative");
            assertThat(knative.path("type").asText()).isEqualTo("EventProcessor");
            assertThat(knative.path("address").asText()).isEqualTo(receiver.uri().toString());
            assertThat(knative.path("invocations").path("VmPoweredOffEvent").path("SuccessCount").asLong()).isEqualTo(2);
            assertThat(knative.path("invocations").path("VmPoweredOnEvent").path("FailureCount").asLong()).isZero();
            assertThat(knative.has("events_total")).isFalse();

            assertThat(get(router.metrics("/metrics"), null).statusCode()).isEqualTo(401);
            String metrics = get(router.metrics("/metrics"), GOOD).body();
            assertThat(metrics).contains("eventrouter_events_received_total{provider=\"webhook\"} 3.0");
            assertThat(metrics).contains("eventrouter_delivery_retries_total{processor=\"knative\",reason=\"500\"} 2.0");
            assertThat(metrics).contains("eventrouter_deliveries_total{outcome=\"delivered\",processor=\"knative\"} 3.0");
            assertThat(metrics).contains("eventrouter_queue_depth{processor=\"knative\"} 0.0");
            assertThat(metrics).contains("eventrouter_provider_up{provider=\"webhook\"} 1.0");
            assertThat(metrics).contains("jvm_memory_used_bytes");

            assertThat(get(router.metrics("/healthz"), null).statusCode()).isEqualTo(200);
            assertThat(get(router.metrics("/readyz"), null).statusCode()).isEqualTo(200);
            assertThat(get(router.metrics("/nothing"), GOOD).statusCode()).isEqualTo(404);
            // /stats answers any method, as the original's expvar handler (Item3StatsValuesTest); the others GET
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(router.metrics("/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void readinessIs503UntilEveryProviderIsUp() throws Exception {
        HealthRegistry health = new HealthRegistry(Clock.systemUTC());
        var vcenter = health.register("vcenter");
        var webhook = health.register("webhook");
        webhook.up();
        MetricsSettings settings = new MetricsSettings("127.0.0.1:0", null, false);
        try (MetricsServer server = new MetricsServer(settings, new VebaStats(Clock.systemUTC(), "t", List.of()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health)) {
            server.start();
            URI readyz = URI.create("http://127.0.0.1:" + server.address().getPort() + "/readyz");
            vcenter.down("cannot reach vcenter.local:443: connection refused");
            HttpResponse<String> down = get(readyz, null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("connection refused");
            vcenter.up();
            assertThat(get(readyz, null).statusCode()).isEqualTo(200);
        }
    }
}
