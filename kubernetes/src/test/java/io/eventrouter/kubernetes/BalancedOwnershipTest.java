package io.eventrouter.kubernetes;

import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Providers shared evenly among replicas through Leases, on fabric8's Kubernetes mock server (CRUD mode). */
class BalancedOwnershipTest {

    static final HighAvailabilitySettings SETTINGS = new HighAvailabilitySettings(true, "router", "vmware", null,
            Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500), CheckpointSharing.CONFIG_MAP);
    private static final List<String> PROVIDERS = IntStream.rangeClosed(1, 30)
            .mapToObj(i -> String.format("vc-%02d", i)).toList();

    private final RefusingDispatcher dispatcher = new RefusingDispatcher();
    private final MockKubernetes kubernetes = new MockKubernetes(dispatcher);
    private final Ownership ownership = new Ownership();
    private final Map<String, KubernetesCoordinator> replicas = new TreeMap<>();

    @AfterEach
    void stop() {
        replicas.values().forEach(KubernetesCoordinator::close);
        kubernetes.close();
    }

    private void start(String name) {
        start(name, PROVIDERS);
    }

    private void start(String name, List<String> providers) {
        KubernetesCoordinator coordinator = new KubernetesCoordinatorFactory(Map.of("POD_NAME", name)::get)
                .create(SETTINGS, kubernetes.client(), false);
        replicas.put(name, coordinator);
        providers.forEach(provider -> coordinator.campaign(provider, ownership.listener(name, provider)));
    }

    /** Provider Lease holders as the API server has them. */
    private Map<String, String> leaseHolders() {
        List<Lease> leases = kubernetes.client().leases().inNamespace("vmware")
                .withLabel(KubernetesClusterReader.ROLE_LABEL, KubernetesCoordinator.PROVIDER_ROLE).list().getItems();
        return leases.stream().filter(l -> l.getSpec().getHolderIdentity() != null
                        && !l.getSpec().getHolderIdentity().isEmpty())
                .collect(Collectors.toMap(l -> l.getMetadata().getName().substring("router-".length()),
                        l -> l.getSpec().getHolderIdentity(), (a, b) -> a, TreeMap::new));
    }

    private static boolean providerLeaseRead(String request) {
        return request.startsWith("GET /apis/coordination.k8s.io/v1/namespaces/vmware/leases/router-vc-");
    }

    private static boolean providerLeaseRenewal(String request) {
        return request.startsWith("PATCH /apis/coordination.k8s.io/v1/namespaces/vmware/leases/router-vc-");
    }

    private void awaitBalance(Duration atMost, Map<String, Integer> expected) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> ownership.counts().equals(expected)
                && ownership.running().equals(leaseHolders()));
    }

    @Test
    void providersAreSharedEvenlyMovedOnlyWhenMembershipChangesAndNeverRunTwice() {
        start("pod-a");
        start("pod-b");
        start("pod-c");

        awaitBalance(Duration.ofSeconds(30), Map.of("pod-a", 10, "pod-b", 10, "pod-c", 10));
        assertThat(leaseHolders()).hasSize(30);

        List<String> ranOnC = ownership.running().entrySet().stream().filter(e -> e.getValue().equals("pod-c"))
                .map(Map.Entry::getKey).toList();
        // A crash: pod-c stops renewing anything, releases nothing.
        replicas.remove("pod-c").halt();
        long crashed = System.nanoTime();
        ownership.died("pod-c");

        awaitBalance(Duration.ofSeconds(20), Map.of("pod-a", 15, "pod-b", 15));
        Duration takeOver = Duration.ofNanos(System.nanoTime() - crashed);
        // Each survivor first sees pod-c's last renewal within a retry period (its membership round lists the
        // group's Leases), takes a Lease once that stayed unchanged for the lease duration, at its elector's next try
        // (every 1 to 2.2 retry periods): at most leaseDuration + 3.2 retry periods, plus 1 s for a loaded machine.
        assertThat(takeOver).isLessThan(SETTINGS.leaseDuration()
                .plus(SETTINGS.retryPeriod().multipliedBy(32).dividedBy(10)).plusSeconds(1));

        // A replica joins: the others hand over their surplus, gracefully.
        int movesBefore = ownership.moves.size();
        start("pod-d");
        awaitBalance(Duration.ofSeconds(20), Map.of("pod-a", 10, "pod-b", 10, "pod-d", 10));
        List<String> handedOver = ownership.moves.subList(movesBefore, ownership.moves.size());
        assertThat(handedOver).as("only the surplus moved, each to the new replica").hasSize(10)
                .allMatch(move -> move.endsWith("→ pod-d"));
        // The surplus is what each took last, pod-c's providers: those that ran on pod-a and pod-b all along stay.
        assertThat(handedOver.stream().map(move -> move.substring(0, move.indexOf(':'))))
                .containsExactlyInAnyOrderElementsOf(ranOnC);

        // Stable: no Lease changes holder while membership stays the same.
        Map<String, String> settled = leaseHolders();
        int moves = ownership.moves.size();
        int readsBefore = dispatcher.count(BalancedOwnershipTest::providerLeaseRead);
        int renewalsBefore = dispatcher.count(BalancedOwnershipTest::providerLeaseRenewal);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
                .until(() -> leaseHolders().equals(settled));
        assertThat(ownership.moves).hasSize(moves);
        // Standbys read the Leases from their membership round's list: a provider Lease is read by its holder
        // before each renewal, not also by the 60 standbys every 0.5 to 1.1 s (about 75 reads a second more).
        int reads = dispatcher.count(BalancedOwnershipTest::providerLeaseRead) - readsBefore;
        int renewals = dispatcher.count(BalancedOwnershipTest::providerLeaseRenewal) - renewalsBefore;
        assertThat(renewals).isPositive();
        assertThat(reads).isLessThanOrEqualTo(renewals + 10);
        assertThat(ownership.overlaps).as("no provider ran on two replicas at once").isEmpty();
    }

    /** A router of the same group without shared providers (only a webhook) could take none of them. */
    @Test
    void aReplicaWithoutSharedProvidersDoesNotShrinkTheOthersShare() {
        start("pod-webhook", List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> kubernetes.client().leases().inNamespace("vmware")
                .withName("router-replica-pod-webhook").get() != null);

        start("pod-a", PROVIDERS.subList(0, 4));

        awaitBalance(Duration.ofSeconds(20), Map.of("pod-a", 4));
    }
}
