package io.eventrouter.systemtests.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.systemtests.RouterProcess;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two router processes, replicas of one deployment, against fabric8's Kubernetes API mock server (CRUD mode) as
 * the cluster: the pulling provider (the test-sequence stand-in: numbered events resumed after a checkpoint, as
 * vCenter's are) runs on one of them, elected through a Lease, and checkpoints into a ConfigMap; the webhook runs on
 * both. When the leader is killed (SIGKILL: it neither renews nor releases its Lease), the standby takes over after
 * the lease duration and resumes from the shared checkpoint: no event is lost, and the events delivered twice are
 * exactly those the dead leader had delivered after its last checkpoint. Times and counts go to
 * target/ha-measurements.txt.
 */
class HighAvailabilityTest {

    private static final int RATE = 50;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);
    private static final Path MEASUREMENTS = Path.of("target", "ha-measurements.txt");

    @TempDir
    Path dir;
    private final KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<RouterProcess> replicas = new ArrayList<>();
    private CloudEventsReceiver receiver;
    private Path kubeconfig;

    @BeforeEach
    void cluster() throws IOException {
        kubernetes.init();
        receiver = CloudEventsReceiver.start();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://%s:%d"}}]
                users: [{name: mock, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: vmware}}]
                current-context: mock
                """.formatted(kubernetes.getHostName(), kubernetes.getPort()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (RouterProcess replica : replicas) {
            replica.close();
        }
        receiver.close();
        kubernetes.destroy();
    }

    @Test
    void aStandbyTakesOverFromTheSharedCheckpointWhenTheLeaderDies() throws Exception {
        Replica a = replica("replica-a");
        a.process.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sequenceActive(a));
        Replica b = replica("replica-b");
        b.process.start();

        JsonNode standby = readiness(b);
        assertThat(standby.path("ready").asBoolean()).isTrue();
        assertThat(standby.path("replica").asText()).isEqualTo("replica-b");
        assertThat(standby.at("/providers/sequence/active").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness(b).at("/providers/sequence/activeOn").asText()
                .equals("replica-a"));
        assertThat(readiness(a).at("/providers/sequence/active").asBoolean()).isTrue();
        assertThat(metric(b, "eventrouter_provider_active{provider=\"sequence\"")).isEqualTo("0.0");
        assertThat(metric(a, "eventrouter_provider_active{provider=\"sequence\"")).isEqualTo("1.0");
        // The webhook is served by every replica.
        assertThat(postToWebhook(a, "hook-a")).isEqualTo(200);
        assertThat(postToWebhook(b, "hook-b")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> from("replica-a").size() >= 100);
        a.process.kill();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> !from("replica-b").isEmpty());
        long failoverMillis = (System.nanoTime() - killed) / 1_000_000;
        assertThat(readiness(b).at("/providers/sequence/active").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> from("replica-b").size() >= 100);
        b.process.stop();

        Delivery delivery = Delivery.of(sequenceEvents());
        assertThat(delivery.missing()).as("numbers never delivered").isEmpty();
        assertThat(delivery.duplicates()).as("delivered twice: only the dead leader's last, uncheckpointed ones")
                .allMatch(n -> n >= delivery.firstOf("replica-b") && n <= delivery.lastOf("replica-a"));
        // At 50 events/s and a checkpoint every 200 ms, about 10 events, plus the few in flight.
        assertThat(delivery.duplicates().size()).isLessThanOrEqualTo(RATE * 200 / 1000 + 10);
        String checkpoint = kubernetes.createClient().configMaps().inNamespace("vmware")
                .withName("ha-test-sequence-checkpoint").get().getData().get("sequence.json");
        assertThat(Long.parseLong(checkpoint)).isGreaterThanOrEqualTo(delivery.lastOf("replica-b") - RATE);
        measured("failover after SIGKILL of the leader (lease 3s, renew deadline 2s, retry 500ms; " + RATE
                + " events/s, checkpoint every " + CHECKPOINT_INTERVAL.toMillis() + " ms): first event from the standby "
                + failoverMillis + " ms after the kill; " + delivery.duplicates().size() + " events delivered twice "
                + "(leader's last " + delivery.lastOf("replica-a") + ", standby resumed at "
                + delivery.firstOf("replica-b") + "), none lost of " + delivery.highest());
    }

    @Test
    void aLeaderThatStopsHandsOverAtOnce() throws Exception {
        Replica a = replica("replica-a");
        a.process.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sequenceActive(a));
        Replica b = replica("replica-b");
        b.process.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> from("replica-a").size() >= 50);

        long stopping = System.nanoTime();
        assertThat(a.process.stop()).isEqualTo(143);
        long stoppedMillis = (System.nanoTime() - stopping) / 1_000_000;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !from("replica-b").isEmpty());
        long handoverMillis = (System.nanoTime() - stopping) / 1_000_000;
        await().atMost(Duration.ofSeconds(30)).until(() -> from("replica-b").size() >= 50);

        Delivery delivery = Delivery.of(sequenceEvents());
        assertThat(delivery.missing()).isEmpty();
        // Released, not expired: well within the 3 s lease.
        assertThat(handoverMillis).isLessThan(3_000);
        measured("handover after SIGTERM of the leader: leader exited after " + stoppedMillis + " ms, first event "
                + "from the standby " + handoverMillis + " ms after the SIGTERM; " + delivery.duplicates().size()
                + " events delivered twice");
    }

    private record Replica(RouterProcess process, int webhookPort) {
    }

    private Replica replica(String name) throws IOException {
        int webhookPort = FreePorts.next();
        int metricsPort = FreePorts.next();
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: ha}
                eventProviders:
                  - {type: test-sequence, name: sequence, test-sequence: {ratePerSecond: %d, checkpointInterval: %dms}}
                  - {type: webhook, name: webhook, webhook: {bindAddress: "127.0.0.1:%d"}}
                eventProcessors:
                  - {type: knative, name: receiver, knative: {destination: {uri: "%s"}}}
                metricsProvider: {type: default, default: {bindAddress: "127.0.0.1:%d"}}
                highAvailability:
                  name: ha-test
                  leaseDuration: 3s
                  renewDeadline: 2s
                  retryPeriod: 500ms
                """.formatted(RATE, CHECKPOINT_INTERVAL.toMillis(), webhookPort, receiver.uri(), metricsPort));
        RouterProcess process = new RouterProcess(config, metricsPort, "ha-" + name)
                .environment("KUBECONFIG", kubeconfig.toString()).environment("POD_NAME", name);
        replicas.add(process);
        return new Replica(process, webhookPort);
    }

    private boolean sequenceActive(Replica replica) throws Exception {
        return readiness(replica).at("/providers/sequence/active").asBoolean();
    }

    private JsonNode readiness(Replica replica) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(replica.process.metrics("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private String metric(Replica replica, String prefix) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(replica.process.metrics("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow()
                .replaceAll(".* ", "");
    }

    private int postToWebhook(Replica replica, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.webhookPort() + "/webhook"))
                        .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                        .header("ce-id", id).header("ce-source", "/ha").header("ce-type", "t")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<CloudEvent> sequenceEvents() {
        return receiver.events().stream().filter(e -> e.getType().equals("test.sequence")).toList();
    }

    private List<CloudEvent> from(String replica) {
        return sequenceEvents().stream().filter(e -> replica.equals(e.getExtension("replica"))).toList();
    }

    private static void measured(String line) throws IOException {
        System.out.println(line);
        Files.writeString(MEASUREMENTS, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The numbers the receiver got, per replica, and what is missing or repeated. */
    private record Delivery(Map<String, TreeSet<Long>> byReplica, List<Long> all) {

        static Delivery of(List<CloudEvent> events) {
            Map<String, TreeSet<Long>> byReplica = new HashMap<>();
            List<Long> all = new ArrayList<>();
            for (CloudEvent event : events) {
                long n = Long.parseLong(event.getId().substring("seq-".length()));
                all.add(n);
                byReplica.computeIfAbsent(String.valueOf(event.getExtension("replica")), r -> new TreeSet<>()).add(n);
            }
            return new Delivery(byReplica, all);
        }

        long highest() {
            return all.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        List<Long> missing() {
            TreeSet<Long> seen = new TreeSet<>(all);
            List<Long> missing = new ArrayList<>();
            for (long n = 1; n <= highest(); n++) {
                if (!seen.contains(n)) {
                    missing.add(n);
                }
            }
            return missing;
        }

        List<Long> duplicates() {
            TreeSet<Long> seen = new TreeSet<>();
            return all.stream().filter(n -> !seen.add(n)).sorted().toList();
        }

        long firstOf(String replica) {
            return byReplica.get(replica).first();
        }

        long lastOf(String replica) {
            return byReplica.get(replica).last();
        }
    }
}
