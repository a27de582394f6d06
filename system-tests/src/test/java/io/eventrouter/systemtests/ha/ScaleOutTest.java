package io.eventrouter.systemtests.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.systemtests.RouterProcess;
import io.eventrouter.systemtests.ha.VcenterFleet.Provider;
import io.eventrouter.systemtests.ha.VcenterFleet.Simulator;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three router processes share 30 vcenter providers on 15 vcsims (two providers per simulator, one through
 * 127.0.0.1 and one through localhost, told apart by the CloudEvent source), with fabric8's Kubernetes API mock
 * server (CRUD mode) as the cluster. Events are posted into every simulator throughout. Ownership is read from the
 * providers' Leases and checked against each replica's {@code /readyz}.
 *
 * <p>Phases: the providers spread 10/10/10; one replica is killed (SIGKILL) and the two others hold 15/15 within the
 * lease duration plus 3.2 retry periods (and a tolerance, see {@link #FAILOVER_TOLERANCE}); it is started again and
 * ownership goes back to 10/10/10; another replica is stopped (SIGTERM) and hands its providers over before their
 * Leases expire. Then every event posted into a simulator must have been delivered by both of its providers (0 lost),
 * and every event a provider delivered more than once must belong to a provider that changed hands and have been
 * first delivered within its hand-over window: one checkpoint interval (plus {@link #SLACK}) before the old owner
 * stopped, i.e. after its last checkpoint. A graceful hand-over's checkpoint must be fresh. Hand-over times,
 * duplicates per hand-over and delivery delays go to stdout and target/scale-out-measurements.txt.
 */
class ScaleOutTest {

    private static final int SIMULATORS = 15;
    private static final int REPLICAS = 3;
    /** Events per second posted into each simulator; each is read by two providers. */
    private static final int RATE = 3;
    private static final String NAME = "scale";
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(4);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    /**
     * The providers' long poll, vcenter's default. Two sessions read each vcsim here: before each provider waited
     * on a PropertyCollector of its own, a WaitForUpdatesEx often ended only at maxWait (40 % of the events 5 to 30
     * s late, see BENCHMARKS.md).
     */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /**
     * On top of the README's failover bound after a SIGKILL, leaseDuration + 3.2 x retryPeriod (the survivors see the
     * dead replica's last renewal within a retry period, wait the lease duration, and try every 1 to 2.2 retry
     * periods): this machine runs the test, three router JVMs and 15 simulators on two cores, often beside a build,
     * and a replica's next try can come a few seconds late there.
     */
    private static final Duration FAILOVER_TOLERANCE = Duration.ofSeconds(4);
    /** A surplus is handed over one Lease at a time, each released and then taken on the taker's next try. */
    private static final Duration REBALANCE_BOUND = Duration.ofSeconds(30);
    /**
     * Around a hand-over window: from a delivery to the checkpoint write that records it (the keeper's timer, one API
     * call), and the receiver's clock against the signal's, on a loaded machine.
     */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Path MEASUREMENTS = Path.of("target", "scale-out-measurements.txt");
    /** Every provider's Lease holders over time, written after each run (also a failed one). */
    private static final Path LEASE_LOG = Path.of("target", "scale-out-leases.txt");
    /** Every checkpoint ConfigMap write seen, with the time and document. */
    private static final Path CHECKPOINT_LOG = Path.of("target", "scale-out-checkpoints.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, RouterProcess> replicas = new LinkedHashMap<>();
    private final List<HandOver> handOvers = new ArrayList<>();
    private final long testStarted = System.nanoTime();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();
    private KubernetesClient client;
    private VcenterFleet fleet;
    private DeliveryTally tally;
    private CloudEventsReceiver receiver;
    private LeaseWatch leases;
    private CheckpointWatch checkpoints;

    /** One replica's providers moving to others in one phase. */
    private record HandOver(String phase, String provider, String from, String to, long stopped, long taken,
                            long checkpointed) {
        long gapMillis() {
            return TimeUnit.NANOSECONDS.toMillis(taken - stopped);
        }

        /** How old the shared checkpoint was when the old holder stopped. */
        long checkpointAgeMillis() {
            return checkpointed < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(stopped - checkpointed);
        }
    }

    @BeforeEach
    void cluster() throws Exception {
        kubernetes.init();
        client = kubernetes.createClient();
        fleet = VcenterFleet.start(SIMULATORS);
        tally = new DeliveryTally(fleet.providers());
        receiver = CloudEventsReceiver.start(0, false);
        receiver.respondWith(event -> {
            try {
                tally.record(event);
                return CloudEventsReceiver.Reply.of(202);
            } catch (RuntimeException e) {
                unreadable.add(event.getId() + " from " + event.getSource() + ": " + e);
                return CloudEventsReceiver.Reply.of(500); // not counted: the router is to send it again
            }
        });
        List<String> providerNames = fleet.providers().stream().map(Provider::name).toList();
        leases = new LeaseWatch(client, "vmware", NAME, providerNames);
        checkpoints = new CheckpointWatch(client, "vmware", NAME, providerNames);
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://%s:%d"}}]
                users: [{name: mock, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: vmware}}]
                current-context: mock
                """.formatted(kubernetes.getHostName(), kubernetes.getPort()));
        for (int i = 0; i < REPLICAS; i++) {
            String name = "replica-" + (char) ('a' + i);
            int metricsPort = FreePorts.next();
            Path config = dir.resolve(name + ".yaml");
            Files.writeString(config, config(metricsPort));
            replicas.put(name, new RouterProcess(config, metricsPort, "scale-out-" + name)
                    .environment("KUBECONFIG", kubeconfig.toString()).environment("POD_NAME", name));
        }
    }

    @AfterEach
    void stop() throws Exception {
        unreadable.stream().limit(5).forEach(line -> System.out.println("unreadable: " + line));
        for (RouterProcess replica : replicas.values()) {
            replica.close();
        }
        if (checkpoints != null) {
            checkpoints.close();
            Files.writeString(CHECKPOINT_LOG, checkpoints.describe());
        }
        if (leases != null) {
            leases.close();
            Files.writeString(LEASE_LOG, leases.describe());
        }
        if (receiver != null) {
            receiver.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        client.close();
        kubernetes.destroy();
    }

    @Test
    void thirtyProvidersSpreadOverThreeReplicasAndMoveWithoutLosingEvents() throws Exception {
        progress("simulators and cluster up");
        for (RouterProcess replica : replicas.values()) {
            replica.startNoWait();
        }
        for (RouterProcess replica : replicas.values()) {
            replica.awaitReady(Duration.ofSeconds(90));
        }
        long started = System.nanoTime();
        awaitOwnership(Map.of("replica-a", 10, "replica-b", 10, "replica-c", 10), Duration.ofSeconds(90));
        long spreadMillis = millisSince(started);
        progress("10/10/10");
        // Reading starts at each simulator's present: a marker per simulator, delivered by both its providers, shows
        // every provider reads before the counted events begin.
        fleet.postToEach("ready");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fleet.providers().stream()
                .filter(provider -> !tally.markerArrived(provider, "ready")).map(Provider::name))
                .as("providers that did not deliver their simulator's marker").isEmpty());

        progress("every provider reads");
        fleet.startPosting(RATE);
        awaitEveryProviderDelivering();

        progress("posting");
        Map<String, String> before = leases.holders();
        long killed = System.nanoTime();
        replicas.get("replica-c").kill();
        Duration failoverBound = LEASE.plus(RETRY.multipliedBy(32).dividedBy(10)).plus(FAILOVER_TOLERANCE);
        awaitOwnership(Map.of("replica-a", 15, "replica-b", 15), failoverBound);
        long failoverMillis = millisSince(killed);
        record("SIGKILL replica-c", before, killed, true);
        awaitEveryProviderDelivering();

        progress("15/15 after SIGKILL");
        before = leases.holders();
        long restarted = System.nanoTime();
        replicas.get("replica-c").start();
        awaitOwnership(Map.of("replica-a", 10, "replica-b", 10, "replica-c", 10), REBALANCE_BOUND);
        long rebalanceMillis = millisSince(restarted);
        record("restart replica-c", before, restarted, false);
        awaitEveryProviderDelivering();

        progress("10/10/10 after restart");
        before = leases.holders();
        long terminated = System.nanoTime();
        assertThat(replicas.get("replica-a").stop()).isEqualTo(143);
        long exitMillis = millisSince(terminated);
        awaitOwnership(Map.of("replica-b", 15, "replica-c", 15), failoverBound);
        long handOverMillis = millisSince(terminated);
        record("SIGTERM replica-a", before, terminated, true);
        awaitEveryProviderDelivering();

        progress("15/15 after SIGTERM");
        fleet.stopPosting();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fleet.providers().stream()
                .filter(provider -> !tally.missing(provider, provider.simulator().posted()).isEmpty())
                .map(Provider::name)).as("providers still missing posted events").isEmpty());

        progress("all delivered");
        Map<String, List<Integer>> outsideWindows = new TreeMap<>();
        Map<String, Integer> duplicatesPerPhase = new LinkedHashMap<>();
        handOvers.forEach(handOver -> duplicatesPerPhase.putIfAbsent(handOver.phase(), 0));
        int duplicates = 0;
        for (Provider provider : fleet.providers()) {
            assertThat(tally.missing(provider, provider.simulator().posted())).as("lost by " + provider.name()).isEmpty();
            for (Map.Entry<Integer, Integer> repeated : tally.repeated(provider).entrySet()) {
                duplicates += repeated.getValue() - 1;
                HandOver window = windowOf(provider, repeated.getKey());
                if (window == null) {
                    outsideWindows.computeIfAbsent(provider.name(), p -> new ArrayList<>()).add(repeated.getKey());
                } else {
                    duplicatesPerPhase.merge(window.phase(), repeated.getValue() - 1, Integer::sum);
                }
            }
        }
        String summary = summary(spreadMillis, failoverMillis, rebalanceMillis, exitMillis, handOverMillis,
                duplicatesPerPhase, duplicates);
        System.out.println(summary);
        Files.writeString(MEASUREMENTS, summary + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        assertThat(unreadable).as("events the tally could not read").isEmpty();
        // A provider that stops (hand-over or SIGTERM) writes its last position before the Lease is released; before
        // that it wrote at most a checkpoint interval earlier. An older checkpoint means writes were lost or refused.
        assertThat(handOvers).filteredOn(handOver -> !handOver.phase().startsWith("SIGKILL"))
                .as("graceful hand-overs whose shared checkpoint was older than checkpointInterval + " + SLACK)
                .allSatisfy(handOver -> assertThat(handOver.checkpointAgeMillis()).as(handOver.toString())
                        .isBetween(0L, CHECKPOINT_INTERVAL.plus(SLACK).toMillis()));
        assertThat(tally.foreign()).as("events of another simulator under a provider's source").isZero();
        assertThat(outsideWindows).as("duplicates outside every hand-over window (provider → message numbers)")
                .isEmpty();
        // Stopped, not killed: the Leases were released after the last checkpoint and taken at once.
        assertThat(handOvers).filteredOn(handOver -> handOver.phase().startsWith("SIGTERM"))
                .hasSize(10).allSatisfy(handOver -> assertThat(handOver.gapMillis()).isLessThan(LEASE.toMillis()));
        assertThat(handOvers).filteredOn(handOver -> handOver.phase().startsWith("SIGKILL")).hasSize(10);
        assertThat(handOvers).filteredOn(handOver -> handOver.phase().startsWith("restart")).hasSize(10);
    }

    private String config(int metricsPort) {
        StringBuilder providers = new StringBuilder();
        for (Provider provider : fleet.providers()) {
            providers.append("""
                      - type: vcenter
                        name: %s
                        vcenter:
                          address: %s
                          checkpoint: true
                          checkpointDir: %s
                          reconnectBackoffMax: 2s
                          maxWait: %ds
                          auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                    """.formatted(provider.name(), provider.address(), dir.resolve("unused-checkpoints"),
                    MAX_WAIT.toSeconds(), fleet.username(), fleet.password()));
        }
        return """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: scale-out}
                eventProviders:
                %seventProcessors:
                  - {type: knative, name: receiver, knative: {destination: {uri: "%s"}}}
                metricsProvider: {type: default, default: {bindAddress: "127.0.0.1:%d"}}
                highAvailability:
                  name: %s
                  leaseDuration: %ds
                  renewDeadline: %ds
                  retryPeriod: %ds
                  checkpointInterval: %ds
                """.formatted(providers, receiver.uri(), metricsPort, NAME, LEASE.toSeconds(),
                RENEW_DEADLINE.toSeconds(), RETRY.toSeconds(), CHECKPOINT_INTERVAL.toSeconds());
    }

    /**
     * Waits until the Leases are held as {@code expected} (replica → count) and every live replica's
     * {@code /readyz} agrees: each provider active on its Lease's holder only, and up there.
     */
    private void awaitOwnership(Map<String, Integer> expected, Duration atMost) {
        await().atMost(atMost).pollInterval(LeaseWatch.POLL)
                .untilAsserted(() -> assertThat(leases.counts()).as("providers per replica").isEqualTo(expected));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(disagreements()).as("/readyz against the Leases").isEmpty());
    }

    /** Where a live replica's /readyz disagrees with the Leases: "replica: provider active=…, up=…, Lease: holder". */
    private List<String> disagreements() throws Exception {
        Map<String, String> holders = leases.holders();
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, RouterProcess> replica : replicas.entrySet()) {
            if (!replica.getValue().isAlive()) {
                continue;
            }
            JsonNode providers = JSON.readTree(http.send(HttpRequest.newBuilder(replica.getValue().metrics("/readyz"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).path("providers");
            for (Map.Entry<String, String> lease : holders.entrySet()) {
                JsonNode state = providers.path(lease.getKey());
                boolean holds = lease.getValue().equals(replica.getKey());
                if (state.path("active").asBoolean() != holds || (holds && !state.path("up").asBoolean())) {
                    disagreements.add(replica.getKey() + ": " + lease.getKey() + " active=" + state.path("active")
                            + ", up=" + state.path("up") + ", Lease: " + lease.getValue());
                }
            }
        }
        return disagreements;
    }

    /** Until every provider delivered an event posted after this call: all of them read again. */
    private void awaitEveryProviderDelivering() {
        Map<String, Integer> postedNow = new HashMap<>();
        fleet.simulators().forEach(simulator -> postedNow.put(simulator.prefix, simulator.posted()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fleet.providers().stream()
                .filter(provider -> tally.highest(provider) < postedNow.get(provider.simulator().prefix))
                .map(Provider::name)).as("providers that delivered no event posted since").isEmpty());
    }

    /**
     * Notes every provider whose Lease moved since {@code before} (read at {@code began}): when its old holder
     * stopped (the signal's time if it was signalled, else when the Lease first named someone else: released) and
     * when the new holder was first seen.
     */
    private void record(String phase, Map<String, String> before, long began, boolean signalled) {
        Map<String, String> after = leases.holders();
        for (Map.Entry<String, String> held : before.entrySet()) {
            String provider = held.getKey();
            String from = held.getValue();
            if (!after.get(provider).equals(from)) {
                long stopped = signalled ? began : leases.firstWithout(provider, from, began);
                handOvers.add(new HandOver(phase, provider, from, after.get(provider), stopped,
                        leases.firstTakenFrom(provider, from, began), checkpoints.lastWriteBefore(provider, stopped)));
            }
        }
    }

    /**
     * The hand-over of this provider in whose window message {@code n} was first delivered, if any: within one
     * checkpoint interval before the old holder stopped, so after its last checkpoint (plus {@link #SLACK}).
     */
    private HandOver windowOf(Provider provider, int n) {
        long first = tally.firstArrival(provider, n);
        for (HandOver handOver : handOvers) {
            if (handOver.provider().equals(provider.name())
                    && first >= handOver.stopped() - CHECKPOINT_INTERVAL.plus(SLACK).toNanos()
                    && first <= handOver.stopped() + SLACK.toNanos()) {
                return handOver;
            }
        }
        return null;
    }

    private String summary(long spreadMillis, long failoverMillis, long rebalanceMillis, long exitMillis,
                           long handOverMillis, Map<String, Integer> duplicatesPerPhase, int duplicates) {
        StringBuilder text = new StringBuilder("\nScaleOutTest, " + Instant.now() + ": " + fleet.providers().size()
                + " vcenter providers on " + SIMULATORS + " vcsims, " + REPLICAS + " replicas; lease " + LEASE.toSeconds()
                + "s, renew deadline " + RENEW_DEADLINE.toSeconds() + "s, retry " + RETRY.toSeconds()
                + "s, checkpoint interval " + CHECKPOINT_INTERVAL.toSeconds() + "s; " + RATE
                + " events/s posted into each simulator, " + fleet.totalPosted() + " in all; load average "
                + loadAverage() + "\n");
        text.append("phase                     | to target ownership | providers moved | no owner per provider, ms "
                + "(min / median / max) | duplicates\n");
        text.append(row("start: 10/10/10", spreadMillis, List.of(), 0));
        text.append(row("SIGKILL replica-c → 15/15", failoverMillis, phase("SIGKILL"),
                duplicatesPerPhase.getOrDefault("SIGKILL replica-c", 0)));
        text.append(row("restart replica-c → 10/10/10", rebalanceMillis, phase("restart"),
                duplicatesPerPhase.getOrDefault("restart replica-c", 0)));
        text.append(row("SIGTERM replica-a → 15/15", handOverMillis, phase("SIGTERM"),
                duplicatesPerPhase.getOrDefault("SIGTERM replica-a", 0)));
        text.append("age of the shared checkpoint when the old holder stopped, ms (min / median / max): ");
        for (String phase : List.of("SIGKILL", "restart", "SIGTERM")) {
            List<Long> ages = phase(phase).stream().map(HandOver::checkpointAgeMillis).sorted().toList();
            text.append(phase).append(' ').append(ages.isEmpty() ? "—" : ages.getFirst() + " / "
                    + ages.get(ages.size() / 2) + " / " + ages.getLast()).append("; ");
        }
        List<Long> latencies = latencies();
        text.append("\nposted → first delivered, ms: median ").append(latencies.get(latencies.size() / 2))
                .append(", 99th percentile ").append(latencies.get(latencies.size() * 99 / 100))
                .append(", max ").append(latencies.getLast()).append("; over 5 s: ")
                .append(latencies.stream().filter(latency -> latency > 5_000).count()).append(" of ")
                .append(latencies.size());
        text.append("\nproviders with events over 5 s late (count): ").append(lateProviders());
        text.append("\nreplica-a exited ").append(exitMillis).append(" ms after its SIGTERM; ").append(duplicates)
                .append(" duplicates in all, 0 lost");
        return text.toString();
    }

    /** For each provider and posted event: from posting to its first delivery, in ms, sorted. */
    private List<Long> latencies() {
        List<Long> latencies = new ArrayList<>();
        for (Provider provider : fleet.providers()) {
            Simulator simulator = provider.simulator();
            for (int n = 0; n < simulator.posted(); n++) {
                latencies.add(TimeUnit.NANOSECONDS.toMillis(tally.firstArrival(provider, n) - simulator.postedAt(n)));
            }
        }
        latencies.sort(null);
        return latencies;
    }

    /** Provider → how many of its events arrived more than 5 s after they were posted, for those with any. */
    private Map<String, Long> lateProviders() {
        Map<String, Long> late = new TreeMap<>();
        for (Provider provider : fleet.providers()) {
            Simulator simulator = provider.simulator();
            long count = java.util.stream.IntStream.range(0, simulator.posted()).filter(n -> tally.firstArrival(provider,
                    n) - simulator.postedAt(n) > TimeUnit.SECONDS.toNanos(5)).count();
            if (count > 0) {
                late.put(provider.name() + " (" + provider.address().getHost() + ")", count);
            }
        }
        return late;
    }

    private List<HandOver> phase(String prefix) {
        return handOvers.stream().filter(handOver -> handOver.phase().startsWith(prefix)).toList();
    }

    private static String row(String phase, long millis, List<HandOver> moved, int duplicates) {
        List<Long> gaps = moved.stream().map(HandOver::gapMillis).sorted().toList();
        String spread = gaps.isEmpty() ? "—" : gaps.getFirst() + " / " + gaps.get(gaps.size() / 2) + " / "
                + gaps.getLast();
        String targets = moved.stream().collect(Collectors.groupingBy(HandOver::to, TreeMap::new,
                Collectors.counting())).toString();
        return "%-25s | %,16d ms | %2d %-12s | %-39s | %d%n".formatted(phase, millis, moved.size(),
                moved.isEmpty() ? "" : targets, spread, duplicates);
    }

    /** Where the run is, for its output: the phases' lengths show where a slow run spent its time. */
    private void progress(String reached) {
        System.out.printf("ScaleOutTest: %s after %,d ms%n", reached, millisSince(testStarted));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
