package io.eventrouter.kubernetes;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.eventrouter.kubernetes.BalancedOwnershipTest.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica whose clock is 5 minutes behind writes Lease times 5 minutes old: to a replica with a right clock (as to
 * one whose clock runs 5 minutes ahead) its Leases look long expired although it renews them.
 */
class ClockSkewTest {

    private final MockKubernetes kubernetes = new MockKubernetes();
    private final Ownership ownership = new Ownership();
    private final List<KubernetesCoordinator> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(KubernetesCoordinator::close);
        kubernetes.close();
    }

    @Test
    void aLiveReplicasProviderIsNotTakenWhateverItsLeaseTimesSayAndTheSkewIsSaidOnce() {
        KubernetesCoordinator slow = new KubernetesCoordinator(kubernetes.client(), false, SETTINGS, "vmware",
                "pod-slow", "mock", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)), System::nanoTime);
        slow.campaign("vc-01", ownership.listener("pod-slow", "vc-01"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "pod-slow".equals(ownership.running().get("vc-01")));

        try (LogLines warnings = new LogLines(LeaseObservations.class)) {
            KubernetesCoordinator right = new KubernetesCoordinatorFactory(Map.of("POD_NAME", "pod-b")::get)
                    .create(SETTINGS, kubernetes.client(), false);
            replicas.add(right);
            // One provider, two replicas: pod-b's share is 1 and it holds none, so only the Lease's state holds it
            // back.
            right.campaign("vc-01", ownership.listener("pod-b", "vc-01"));

            // Longer than a lease plus the elector's tries: long enough to take a Lease judged by its times.
            await().during(SETTINGS.leaseDuration().plusSeconds(2)).atMost(SETTINGS.leaseDuration().plusSeconds(4))
                    .until(() -> "pod-slow".equals(ownership.running().get("vc-01")));
            assertThat(kubernetes.client().leases().inNamespace("vmware").withName("router-vc-01").get().getSpec()
                    .getHolderIdentity()).isEqualTo("pod-slow");
            assertThat(warnings.lines()).filteredOn(line -> line.contains("pod-slow")).singleElement().asString()
                    .startsWith("WARN this replica's clock and replica pod-slow's differ by about")
                    .containsPattern("about (299|300|301) s");
        }

        // Once it really stops renewing, pod-b takes the provider a lease after it last saw a change.
        slow.halt();
        ownership.died("pod-slow");
        await().atMost(SETTINGS.leaseDuration().plus(SETTINGS.retryPeriod().multipliedBy(4)).plusSeconds(1))
                .until(() -> "pod-b".equals(ownership.running().get("vc-01")));
        assertThat(ownership.overlaps).isEmpty();
    }
}
