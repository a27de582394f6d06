package io.eventrouter.kubernetes;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.eventrouter.kubernetes.BalancedOwnershipTest.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An API server that refuses a replica's Lease writes (403, as when its Role lacks the verb). */
class ForbiddenLeaseTest {

    private final RefusingDispatcher dispatcher = new RefusingDispatcher();
    private final MockKubernetes kubernetes = new MockKubernetes(dispatcher);
    private final Ownership ownership = new Ownership();
    private final List<KubernetesCoordinator> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(KubernetesCoordinator::close);
        kubernetes.close();
    }

    private KubernetesCoordinator start(String name) {
        KubernetesCoordinator coordinator = new KubernetesCoordinatorFactory(Map.of("POD_NAME", name)::get)
                .create(SETTINGS, kubernetes.client(name), false);
        replicas.add(coordinator);
        coordinator.campaign("vc-01", ownership.listener(name, "vc-01"));
        return coordinator;
    }

    private static long refusals(LogLines log, String verb) {
        return log.lines().stream().filter(line -> line.startsWith("WARN cannot " + verb) && line.contains("403"))
                .count();
    }

    @Test
    void aHolderWhoseRenewalsAreRefusedStopsBeforeAnotherStartsAndSaysWhyOnce() {
        start("pod-a");
        await().atMost(Duration.ofSeconds(20)).until(() -> "pod-a".equals(ownership.running().get("vc-01")));
        start("pod-b");

        try (LogLines log = new LogLines(ApiFailures.class)) {
            dispatcher.refuse(RefusingDispatcher.leaseWritesFrom("pod-a"));

            // It cannot renew: it stops within its renew deadline (plus the try that notices it).
            await().atMost(SETTINGS.renewDeadline().plus(SETTINGS.retryPeriod().multipliedBy(2)).plusMillis(500))
                    .until(() -> !"pod-a".equals(ownership.running().get("vc-01")));
            await().atMost(Duration.ofSeconds(15)).until(() -> "pod-b".equals(ownership.running().get("vc-01")));
            assertThat(ownership.overlaps).isEmpty();

            // Several rounds of refused renewals (membership and provider Lease), one line.
            assertThat(refusals(log, "patch")).isEqualTo(1);
            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN cannot patch")).singleElement()
                    .asString().containsPattern("cannot patch (membership )?Lease vmware/router-")
                    .contains("HTTP 403", "cannot patch resource \"leases\"",
                            "the service account's Role needs the verb \"patch\" on leases.coordination.k8s.io in "
                                    + "namespace vmware");

            dispatcher.refuse(request -> false);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.startsWith("INFO patch on leases.coordination.k8s.io allowed again")));
        }
        assertThat(ownership.running()).containsEntry("vc-01", "pod-b");
    }

    @Test
    void aReplicaRefusedFromTheStartRunsNothingAndSaysWhyOnce() {
        try (LogLines log = new LogLines(ApiFailures.class)) {
            dispatcher.refuse(RefusingDispatcher.leaseWritesFrom("pod-a"));
            start("pod-a");

            await().during(SETTINGS.leaseDuration().plusSeconds(1)).atMost(SETTINGS.leaseDuration().plusSeconds(3))
                    .until(() -> ownership.running().isEmpty());
            assertThat(refusals(log, "create")).isEqualTo(1);

            dispatcher.refuse(request -> false);
            await().atMost(Duration.ofSeconds(10)).until(() -> "pod-a".equals(ownership.running().get("vc-01")));
            assertThat(log.lines()).anyMatch(
                    line -> line.startsWith("INFO create on leases.coordination.k8s.io allowed again"));
        }
    }
}
