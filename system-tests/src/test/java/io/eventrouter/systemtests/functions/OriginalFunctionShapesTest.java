package io.eventrouter.systemtests.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.webhook.WebhookProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shapes of VEBA's Python functions kn-py-slack and kn-py-vm-attr (the fields they read; kn-py-echo's is
 * {@code EchoFunctionTest}) keep working with the router's events: the sample VmPoweredOnEvent of each format, made by
 * the router from vcsim, goes through a router (the original's v1alpha1 file: webhook to knative, in both content
 * modes) to a function that reads it as they did.
 */
class OriginalFunctionShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static RouterRuntime router(URI function, String encoding) throws Exception {
        String yaml = """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: shapes}
                eventProvider:
                  type: webhook
                  name: webhook
                  webhook: {bindAddress: "127.0.0.1:0", path: /webhook}
                eventProcessor:
                  type: knative
                  name: function
                  knative: {encoding: %s, destination: {uri: "%s"}}
                metricsProvider:
                  type: default
                  name: metrics
                  default: {bindAddress: "127.0.0.1:0"}
                """.formatted(encoding, function);
        ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(), References.system());
        RouterRuntime runtime = new RouterRuntime(loader.parse(yaml).plan(), Clock.systemUTC(), List.of("event-router"));
        runtime.start();
        return runtime;
    }

    private int post(RouterRuntime router, Path sample) throws Exception {
        int port = ((WebhookProvider) router.providers().getFirst()).address().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                        .header("Content-Type", "application/cloudevents+json")
                        .POST(HttpRequest.BodyPublishers.ofFile(sample)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<JsonNode> shapes(FunctionProcess function) throws Exception {
        return function.log().lines().filter(line -> line.startsWith("SHAPES ")).map(line -> {
            try {
                return JSON.readTree(line.substring(7));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void slackAndVmAttributeShapesReadTheRoutersEvents() throws Exception {
        Path examples = FunctionProcess.examples();
        Path handler = Path.of(System.getProperty("project.root", ".."), "system-tests", "src", "test", "resources",
                "original-shapes", "handler.py");
        try (FunctionProcess function = FunctionProcess.start("original-shapes", handler,
                Map.of("FUNCTIONS_LIB", examples.resolve("lib").toString()))) {
            int expected = 0;
            for (String encoding : new String[]{"binary", "structured"}) {
                RouterRuntime router = router(function.uri(), encoding);
                try {
                    for (String format : new String[]{"router", "vsphere"}) {
                        Path sample = examples.resolveSibling("events").resolve(format).resolve("VmPoweredOnEvent.json");
                        assertThat(post(router, sample)).as(format + " in " + encoding + " mode").isEqualTo(200);
                        expected++;
                        int seen = expected;
                        await().atMost(Duration.ofSeconds(10)).until(() -> shapes(function).size() == seen);
                        JsonNode shape = shapes(function).getLast();
                        assertThat(shape.at("/slack/subject").asText()).isEqualTo("VmPoweredOnEvent");
                        assertThat(shape.at("/slack/vm").asText()).isEqualTo("DC0_H0_VM0");
                        assertThat(shape.at("/slack/host").asText()).isEqualTo("DC0_H0");
                        assertThat(shape.at("/slack/message").asText()).endsWith("is powered on");
                        assertThat(shape.at("/vmAttr/moref").asText()).isEqualTo("vm-57");
                        assertThat(shape.at("/vmAttr/poweredOn").asBoolean()).isEqualTo(format.equals("vsphere"));
                    }
                } finally {
                    router.stop(Duration.ofSeconds(2));
                }
            }
        }
    }
}
