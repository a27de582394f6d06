package io.eventrouter.app.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router with three shared vCenter providers (and a webhook) whose elections a {@link ScriptedCoordinator} decides,
 * as replica router-a: {@code /readyz}, {@code /metrics} and the viewer's {@code /events/counts} say which replica
 * reads each provider and how many each reads, and follow hand-overs.
 */
class WhoReadsWhatTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScriptedCoordinator coordinator = new ScriptedCoordinator("router-a");
    private RouterRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: who-reads-what}
                eventProviders:
                """);
        for (int i = 1; i <= 3; i++) {
            // Port 1 refuses: a provider elected here keeps trying to connect, which is all this test needs.
            yaml.append("""
                      - type: vcenter
                        name: vc-0%d
                        vcenter:
                          address: https://127.0.0.1:1/sdk
                          checkpoint: true
                          checkpointDir: %s
                          auth: {type: basic_auth, basicAuth: {username: u, password: not-shown}}
                    """.formatted(i, dir.resolve("checkpoints-" + i)));
        }
        yaml.append("""
                  - {type: webhook, name: webhook, webhook: {bindAddress: "127.0.0.1:0"}}
                eventProcessors:
                  - {type: knative, name: sink, knative: {destination: {uri: "http://127.0.0.1:1/"}}}
                metricsProvider: {type: default, default: {bindAddress: "127.0.0.1:0"}}
                highAvailability: {name: router, identity: router-a}
                """);
        ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(), References.system());
        runtime = new RouterRuntime(loader.parse(yaml.toString()).plan(), Clock.systemUTC(), List.of("event-router"));
        runtime.coordinateWith(coordinator);
        runtime.start();
        assertThat(coordinator.campaigning("vc-01", "vc-02", "vc-03")).isTrue();
    }

    @AfterEach
    void stop() {
        runtime.stop(Duration.ofSeconds(2));
    }

    @Test
    void eachReplicasShareFollowsTheHolders() throws Exception {
        JsonNode before = get("/readyz");
        assertThat(before.path("replica").asText()).isEqualTo("router-a");
        assertThat(before.path("unheld")).extracting(JsonNode::asText).containsExactly("vc-01", "vc-02", "vc-03");
        assertThat(names(before.path("replicas"))).containsExactly("router-a");
        assertThat(before.at("/replicas/router-a/count").asInt()).isZero();
        assertThat(before.path("replicas").has("webhook")).isFalse();

        coordinator.holds("vc-01", "router-a");
        coordinator.holds("vc-02", "router-b");
        coordinator.holds("vc-03", "router-a");

        JsonNode ready = get("/readyz");
        assertThat(ready.at("/replicas/router-a/count").asInt()).isEqualTo(2);
        assertThat(ready.at("/replicas/router-a/providers")).extracting(JsonNode::asText)
                .containsExactly("vc-01", "vc-03");
        assertThat(ready.at("/replicas/router-b/count").asInt()).isEqualTo(1);
        assertThat(ready.at("/replicas/router-b/providers")).extracting(JsonNode::asText).containsExactly("vc-02");
        assertThat(ready.path("unheld")).isEmpty();
        assertThat(ready.at("/providers/vc-02/activeOn").asText()).isEqualTo("router-b");
        assertThat(ready.at("/providers/vc-01/active").asBoolean()).isTrue();
        assertThat(replicaGauges()).isEqualTo("router-a=2 router-b=1");
        assertThat(metrics()).contains("eventrouter_provider_active{provider=\"vc-01\"} 1.0")
                .contains("eventrouter_provider_active{provider=\"vc-02\"} 0.0");
        JsonNode sharing = get("/events/counts").path("sharing");
        assertThat(sharing.path("replica").asText()).isEqualTo("router-a");
        assertThat(sharing.path("providers").toString()).isEqualTo("[{\"name\":\"vc-01\",\"holder\":\"router-a\"},"
                + "{\"name\":\"vc-02\",\"holder\":\"router-b\"},{\"name\":\"vc-03\",\"holder\":\"router-a\"}]");
        assertThat(sharing.path("replicas").toString())
                .isEqualTo("[{\"name\":\"router-a\",\"count\":2},{\"name\":\"router-b\",\"count\":1}]");

        // router-b's only provider moves to router-c: router-b holds nothing any more and is no longer shown.
        coordinator.holds("vc-02", "router-c");
        assertThat(names(get("/readyz").path("replicas"))).containsExactly("router-a", "router-c");
        assertThat(replicaGauges()).isEqualTo("router-a=2 router-c=1");

        // This replica loses vc-01 and nobody holds it yet, then router-c takes vc-03 too.
        coordinator.holds("vc-01", null);
        coordinator.holds("vc-03", "router-c");
        JsonNode after = get("/readyz");
        assertThat(after.path("unheld")).extracting(JsonNode::asText).containsExactly("vc-01");
        assertThat(after.at("/replicas/router-a/count").asInt()).as("this replica is listed holding none").isZero();
        assertThat(after.at("/replicas/router-c/providers")).extracting(JsonNode::asText)
                .containsExactly("vc-02", "vc-03");
        assertThat(after.at("/providers/vc-03/active").asBoolean()).isFalse();
        assertThat(replicaGauges()).isEqualTo("router-a=0 router-c=2");
        assertThat(get("/events/counts").at("/sharing/providers/0").toString())
                .isEqualTo("{\"name\":\"vc-01\",\"holder\":null}");
    }

    @Test
    void aReplicaThatHoldsNoneIsReadyAndCountedAtZero() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.health().isUp("webhook"));
        coordinator.holds("vc-01", "router-b");
        coordinator.holds("vc-02", "router-b");
        coordinator.holds("vc-03", "router-c");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("not-shown");
        assertThat(replicaGauges()).isEqualTo("router-a=0 router-b=2 router-c=1");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The eventrouter_replica_providers series, as "replica=value" in the scrape's order. */
    private String replicaGauges() throws Exception {
        Matcher series = Pattern.compile("(?m)^eventrouter_replica_providers\\{replica=\"([^\"]+)\"} (\\S+)$")
                .matcher(metrics());
        List<String> found = new ArrayList<>();
        while (series.find()) {
            found.add(series.group(1) + "=" + (int) Double.parseDouble(series.group(2)));
        }
        return String.join(" ", found.stream().sorted().toList());
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode get(String path) throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.metricsServer().address().getPort() + path);
    }
}
