package io.eventrouter.app.tls;

import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.TestCertificates;
import io.eventrouter.webhook.WebhookProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook and metrics server over HTTPS with basic auth; the probes stay open for Kubernetes. */
class TlsEndpointsTest {

    @Test
    void bothEndpointsServeHttpsWithBasicAuthAndOpenProbes(@TempDir Path dir) throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "router");
        String tls = "{certFile: \"" + pair.cert() + "\", keyFile: \"" + pair.key() + "\"}";
        String auth = "{type: basic_auth, basicAuth: {username: admin, password: s3cret}}";
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            String yaml = """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: tls}
                    eventProvider:
                      type: webhook
                      webhook: {bindAddress: "127.0.0.1:0", auth: %s, tls: %s}
                    eventProcessor:
                      type: knative
                      knative: {destination: {uri: "%s"}}
                    metricsProvider:
                      type: default
                      default: {bindAddress: "127.0.0.1:0", auth: %s, tls: %s}
                    """.formatted(auth, tls, receiver.uri(), auth, tls);
            var plan = new ConfigLoader(ConnectorRegistry.load(), References.system()).parse(yaml).plan();
            RouterRuntime runtime = new RouterRuntime(plan, Clock.systemUTC(), List.of("event-router"));
            runtime.start();
            try {
                int webhookPort = ((WebhookProvider) runtime.providers().getFirst()).address().getPort();
                int metricsPort = runtime.metricsServer().address().getPort();
                HttpClient client = HttpClient.newBuilder()
                        .sslContext(ClientTls.withRootCAs(List.of(pair.cert())).context(false)).build();
                String good = basic("admin", "s3cret");
                String bad = basic("admin", "wrong");
                URI stats = URI.create("https://127.0.0.1:" + metricsPort + "/stats");
                URI readyz = URI.create("https://127.0.0.1:" + metricsPort + "/readyz");
                URI webhook = URI.create("https://127.0.0.1:" + webhookPort + "/webhook");

                assertThat(get(client, stats, good)).isEqualTo(200);
                assertThat(get(client, stats, bad)).isEqualTo(401);
                assertThat(get(client, stats, null)).isEqualTo(401);
                assertThat(get(client, readyz, null)).isEqualTo(200);
                assertThat(post(client, webhook, bad)).isEqualTo(401);
                assertThat(post(client, webhook, good)).isEqualTo(200);
                assertThat(receiver.received()).hasSize(1);

                assertThat(curl("--cacert", pair.cert().toString(), "-u", "admin:s3cret", stats.toString())).isEqualTo("200");
                assertThat(curl("--cacert", pair.cert().toString(), "-u", "admin:nope", stats.toString())).isEqualTo("401");
                assertThat(curl("--cacert", pair.cert().toString(), readyz.toString())).isEqualTo("200");
                assertThat(curl("http://127.0.0.1:" + metricsPort + "/readyz")).isNotEqualTo("200");
            } finally {
                runtime.stop(Duration.ofSeconds(2));
            }
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int get(HttpClient client, URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int post(HttpClient client, URI uri, String authorization) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                .header("Content-Type", "application/json").header("ce-specversion", "1.0").header("ce-id", "1")
                .header("ce-source", "/tls").header("ce-type", "t").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-s", "--max-time", "10", "-o", "/dev/null",
                "-w", "%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.strip();
    }
}
