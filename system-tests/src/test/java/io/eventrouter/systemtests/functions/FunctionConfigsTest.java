package io.eventrouter.systemtests.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.webhook.WebhookProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example functions' router configurations, run by the router with the vCenter provider swapped for a webhook
 * (the sample events stand in for vCenter's): the rest of each file — processor, delivery, metrics — is used as is.
 */
class FunctionConfigsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** The example's configuration with a webhook instead of vCenter, local ports and the function's URL. */
    private String configFor(String example, URI function) throws Exception {
        ObjectNode config = (ObjectNode) YAML.readTree(FunctionProcess.examples().resolve(example)
                .resolve("config.yaml").toFile());
        assertThat(config.path("eventProvider").path("type").asText()).isEqualTo("vcenter");
        ObjectNode provider = config.putObject("eventProvider").put("type", "webhook").put("name", "vcenter");
        provider.putObject("webhook").put("bindAddress", "127.0.0.1:0").put("path", "/webhook");
        ObjectNode processor = (ObjectNode) config.path("eventProcessor");
        ((ObjectNode) processor.path("knative").path("destination")).put("uri", function.toString());
        JsonNode deadLetters = processor.path("delivery").path("deadLetterSink");
        if (deadLetters.isObject()) {
            ((ObjectNode) deadLetters).put("directory", dir.resolve("dead-letters").toString());
        }
        ((ObjectNode) config.path("metricsProvider").path("default")).put("bindAddress", "127.0.0.1:0");
        return YAML.writeValueAsString(config);
    }

    private static RouterRuntime start(String yaml) throws Exception {
        ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(), References.system());
        RouterRuntime runtime = new RouterRuntime(loader.parse(yaml).plan(), Clock.systemUTC(), List.of("event-router"));
        runtime.start();
        return runtime;
    }

    private int post(RouterRuntime router, String sample) throws Exception {
        int port = ((WebhookProvider) router.providers().getFirst()).address().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                        .header("Content-Type", "application/cloudevents+json")
                        .POST(HttpRequest.BodyPublishers.ofFile(FunctionProcess.examples().resolve(sample))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theMaintenanceModeConfigDeliversTheSampleEventsToTheFunction() throws Exception {
        try (SuiteApiStub api = new SuiteApiStub();
             FunctionProcess function = FunctionProcess.start("maintenance-mode",
                     MaintenanceModeFunctionTest.environment(api.uri().toString()))) {
            SuiteApiStub.Host host = api.addHost("esx-01.lab.local", "host-21");
            RouterRuntime router = start(configFor("maintenance-mode", function.uri()));
            try {
                // The webhook answers once the function has answered (or the event was dead-lettered).
                assertThat(post(router, MaintenanceModeFunctionTest.ENTERED)).isEqualTo(200);
                assertThat(api.maintained).containsExactly(host.id());
                assertThat(post(router, "echo/test/testevent.json")).isEqualTo(200);
                assertThat(post(router, MaintenanceModeFunctionTest.EXITED)).isEqualTo(200);
                assertThat(api.maintained).isEmpty();

                int metrics = router.metricsServer().address().getPort();
                JsonNode history = YAML.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metrics + "/events/history")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(history.path("events")).hasSize(3).allSatisfy(event ->
                        assertThat(event.path("outcomes").path("maintenance-mode").path("state").asText())
                                .isEqualTo("delivered"));
            } finally {
                router.stop(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void theEchoConfigDeliversTheSampleEventToTheFunction() throws Exception {
        try (FunctionProcess function = FunctionProcess.start("echo", java.util.Map.of())) {
            RouterRuntime router = start(configFor("echo", function.uri()));
            try {
                assertThat(post(router, "echo/test/testevent.json")).isEqualTo(200);
                assertThat(function.log()).contains("event VmPoweredOffEvent");
            } finally {
                router.stop(Duration.ofSeconds(2));
            }
        }
    }
}
