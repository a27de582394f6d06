package io.eventrouter.systemtests.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.systemtests.RouterProcess;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two router processes, replicas of one deployment, reading one vcsim, with fabric8's Kubernetes API mock server
 * (CRUD mode) as the cluster. The vcenter provider runs on one replica at a time, elected through a Lease, and
 * checkpoints into a ConfigMap; the webhook runs on both. Each replica delivers to its own receiver, so it is known
 * which one delivered what. Events are posted to vcsim at a steady rate throughout.
 *
 * <p>When the leader is killed (SIGKILL: it neither renews nor releases its Lease) the standby takes over once the
 * lease has run out and resumes from the shared checkpoint: no posted event is lost, and the only events delivered
 * twice are ones the dead leader delivered after its last checkpoint (written every second). When the leader is
 * stopped (SIGTERM) it releases the Lease after its last checkpoint and the standby takes over at once. Times and
 * counts go to target/ha-measurements.txt.
 */
class HighAvailabilityTest {

    private static final int RATE = 50;
    private static final Path MEASUREMENTS = Path.of("target", "ha-measurements.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Replica> replicas = new ArrayList<>();
    private final AtomicInteger posted = new AtomicInteger();
    private Vcsim vcsim;
    private Thread poster;
    private Path kubeconfig;

    @BeforeEach
    void cluster() throws Exception {
        kubernetes.init();
        vcsim = Vcsim.builder().plainHttp().start();
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
        stopPosting();
        for (Replica replica : replicas) {
            replica.process.close();
            replica.receiver.close();
        }
        vcsim.close();
        kubernetes.destroy();
    }

    @Test
    void aStandbyTakesOverFromTheSharedCheckpointWhenTheLeaderDies() throws Exception {
        Replica a = leader();
        Replica b = standby();

        JsonNode standby = readiness(b);
        assertThat(standby.path("ready").asBoolean()).isTrue();
        assertThat(standby.path("replica").asText()).isEqualTo("replica-b");
        assertThat(standby.at("/providers/vcenter/active").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness(b).at("/providers/vcenter/activeOn").asText()
                .equals("replica-a"));
        assertThat(readiness(a).at("/providers/vcenter/active").asBoolean()).isTrue();
        assertThat(metric(b, "eventrouter_provider_active{provider=\"vcenter\"")).isEqualTo("0.0");
        assertThat(metric(a, "eventrouter_provider_active{provider=\"vcenter\"")).isEqualTo("1.0");
        // Who reads what, as each replica learned it from the Lease.
        JsonNode seenFromB = readiness(b);
        assertThat(seenFromB.at("/replicas/replica-a/providers/0").asText()).isEqualTo("vcenter");
        assertThat(seenFromB.at("/replicas/replica-b/count").asInt()).isZero();
        assertThat(seenFromB.path("unheld")).isEmpty();
        assertThat(metric(b, "eventrouter_replica_providers{replica=\"replica-a\"")).isEqualTo("1.0");
        assertThat(metric(a, "eventrouter_replica_providers{replica=\"replica-a\"")).isEqualTo("1.0");
        // The webhook runs on every replica.
        assertThat(postToWebhook(a, "hook-a")).isEqualTo(200);
        assertThat(postToWebhook(b, "hook-b")).isEqualTo(200);
        assertThat(b.receiver.events()).extracting(CloudEvent::getId).containsExactly("hook-b");

        startPosting();
        await().atMost(Duration.ofSeconds(60)).until(() -> numbers(a).size() >= 150);
        a.process.kill();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> !numbers(b).isEmpty());
        long failoverMillis = (System.nanoTime() - killed) / 1_000_000;
        int postedAtKill = posted.get();
        assertThat(readiness(b).at("/providers/vcenter/active").asBoolean()).isTrue();
        // The dead replica holds nothing any more: it leaves /readyz and its series leaves /metrics.
        assertThat(readiness(b).at("/replicas/replica-b/count").asInt()).isEqualTo(1);
        assertThat(readiness(b).path("replicas").has("replica-a")).isFalse();
        assertThat(metrics(b)).contains("eventrouter_replica_providers{replica=\"replica-b\"} 1.0")
                .doesNotContain("replica=\"replica-a\"");
        await().atMost(Duration.ofSeconds(60)).until(() -> posted.get() > postedAtKill + 150);
        int total = stopPosting();
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered().size() >= total);

        TreeSet<Integer> byA = numbers(a);
        TreeSet<Integer> byB = numbers(b);
        assertThat(missing(total)).as("posted but never delivered").isEmpty();
        Set<Integer> twice = new TreeSet<>(byA);
        twice.retainAll(byB);
        // Delivered twice: only what the dead leader delivered after its last checkpoint, which it writes once a
        // second: at 50 events/s about 50, and the few in flight.
        assertThat(twice.size()).isLessThanOrEqualTo(RATE + 25);
        assertThat(kubernetes.createClient().configMaps().inNamespace("vmware").withName("ha-test-vcenter-checkpoint")
                .get().getData()).containsKey("cp-127.0.0.1.json");
        measured("failover after SIGKILL of the leader (lease 3s, renew deadline 2s, retry 500ms; " + RATE
                + " vcsim events/s, vCenter checkpoint every 1 s): standby delivered its first event " + failoverMillis
                + " ms after the kill; " + twice.size() + " of " + total + " events delivered twice (the dead leader's "
                + "last " + byA.last() + ", the standby resumed at " + byB.first() + "), none lost");
    }

    @Test
    void aLeaderThatStopsHandsOverAtOnce() throws Exception {
        Replica a = leader();
        Replica b = standby();
        startPosting();
        await().atMost(Duration.ofSeconds(60)).until(() -> numbers(a).size() >= 100);

        long stopping = System.nanoTime();
        assertThat(a.process.stop()).isEqualTo(143);
        long stoppedMillis = (System.nanoTime() - stopping) / 1_000_000;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> !numbers(b).isEmpty());
        long handoverMillis = (System.nanoTime() - stopping) / 1_000_000;
        int postedAtStop = posted.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> posted.get() > postedAtStop + 100);
        int total = stopPosting();
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered().size() >= total);

        assertThat(missing(total)).isEmpty();
        Set<Integer> twice = new TreeSet<>(numbers(a));
        twice.retainAll(numbers(b));
        // Released after the last checkpoint, not expired: well within the 3 s lease.
        assertThat(handoverMillis - stoppedMillis).isLessThan(3_000);
        measured("handover after SIGTERM of the leader: it exited after " + stoppedMillis + " ms; the standby "
                + "delivered its first event " + handoverMillis + " ms after the SIGTERM; " + twice.size() + " of "
                + total + " events delivered twice");
    }

    private record Replica(RouterProcess process, int webhookPort, CloudEventsReceiver receiver) {
    }

    /** replica-a, started first and running the vcenter provider. */
    private Replica leader() throws Exception {
        Replica leader = replica("replica-a");
        leader.process.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> vcenterActive(leader));
        return leader;
    }

    /** replica-b, started once replica-a leads: ready, standing by. */
    private Replica standby() throws Exception {
        Replica standby = replica("replica-b");
        standby.process.start();
        return standby;
    }

    private Replica replica(String name) throws IOException {
        CloudEventsReceiver receiver = CloudEventsReceiver.start();
        int webhookPort = FreePorts.next();
        int metricsPort = FreePorts.next();
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: ha}
                eventProviders:
                  - type: vcenter
                    name: vcenter
                    vcenter:
                      address: %s
                      checkpoint: true
                      checkpointDir: %s
                      reconnectBackoffMax: 2s
                      auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                  - {type: webhook, name: webhook, webhook: {bindAddress: "127.0.0.1:%d"}}
                eventProcessors:
                  - {type: knative, name: receiver, knative: {destination: {uri: "%s"}}}
                metricsProvider: {type: default, default: {bindAddress: "127.0.0.1:%d"}}
                highAvailability:
                  name: ha-test
                  leaseDuration: 3s
                  renewDeadline: 2s
                  retryPeriod: 500ms
                  checkpointInterval: 1s
                """.formatted(vcsim.sdkUrl(), dir.resolve(name + "-unused-checkpoints"), vcsim.username(),
                vcsim.password(), webhookPort, receiver.uri(), metricsPort));
        RouterProcess process = new RouterProcess(config, metricsPort, "ha-" + name)
                .environment("KUBECONFIG", kubeconfig.toString()).environment("POD_NAME", name);
        Replica replica = new Replica(process, webhookPort, receiver);
        replicas.add(replica);
        return replica;
    }

    /** Posts GeneralUserEvents "ha-0", "ha-1", ... to vcsim at RATE per second until {@link #stopPosting()}. */
    private void startPosting() throws Exception {
        EventPoster events = vcsim.eventPoster();
        long pause = TimeUnit.SECONDS.toNanos(1) / RATE;
        poster = Thread.ofPlatform().name("poster").start(() -> {
            try (events) {
                long next = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    events.post(EventPoster.generalUserEvent("ha-" + posted.get()));
                    posted.incrementAndGet();
                    next += pause;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** @return how many events were posted */
    private int stopPosting() throws InterruptedException {
        if (poster != null) {
            poster.interrupt();
            poster.join();
            poster = null;
        }
        return posted.get();
    }

    /** The numbers of the posted events this replica delivered. */
    private static TreeSet<Integer> numbers(Replica replica) throws IOException {
        TreeSet<Integer> numbers = new TreeSet<>();
        for (CloudEvent event : replica.receiver.events()) {
            if (event.getData() == null) {
                continue;
            }
            String message = JSON.readTree(event.getData().toBytes()).path("Message").asText();
            if (message.startsWith("ha-")) {
                numbers.add(Integer.parseInt(message.substring(3)));
            }
        }
        return numbers;
    }

    private Set<Integer> delivered() throws IOException {
        Set<Integer> all = new TreeSet<>();
        for (Replica replica : replicas) {
            all.addAll(numbers(replica));
        }
        return all;
    }

    private List<Integer> missing(int total) throws IOException {
        Set<Integer> delivered = delivered();
        List<Integer> missing = new ArrayList<>();
        for (int n = 0; n < total; n++) {
            if (!delivered.contains(n)) {
                missing.add(n);
            }
        }
        return missing;
    }

    private boolean vcenterActive(Replica replica) throws Exception {
        return readiness(replica).at("/providers/vcenter/active").asBoolean()
                && readiness(replica).at("/providers/vcenter/up").asBoolean();
    }

    private JsonNode readiness(Replica replica) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(replica.process.metrics("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private String metric(Replica replica, String prefix) throws Exception {
        return metrics(replica).lines().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow()
                .replaceAll(".* ", "");
    }

    private String metrics(Replica replica) throws Exception {
        return http.send(HttpRequest.newBuilder(replica.process.metrics("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int postToWebhook(Replica replica, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.webhookPort() + "/webhook"))
                        .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                        .header("ce-id", id).header("ce-source", "/ha").header("ce-type", "t")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void measured(String line) throws IOException {
        System.out.println(line);
        Files.writeString(MEASUREMENTS, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
