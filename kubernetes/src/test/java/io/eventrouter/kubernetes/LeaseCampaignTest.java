package io.eventrouter.kubernetes;

import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.eventrouter.ha.Campaign;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaseCampaignTest {

    static final HighAvailabilitySettings FAST = new HighAvailabilitySettings(true, "router", "vmware", null,
            Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(200), CheckpointSharing.CONFIG_MAP);
    /** A lease far longer than a hand-over takes, so that "released, not expired" stays clear on a loaded machine. */
    static final HighAvailabilitySettings LONG_LEASE = new HighAvailabilitySettings(true, "router", "vmware", null,
            Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMillis(200), CheckpointSharing.CONFIG_MAP);

    private final MockKubernetes kubernetes = new MockKubernetes();
    private final List<KubernetesCoordinator> coordinators = new ArrayList<>();

    @AfterEach
    void stop() {
        coordinators.forEach(KubernetesCoordinator::close);
        kubernetes.close();
    }

    private KubernetesCoordinator replica(String name) {
        return replica(name, FAST);
    }

    private KubernetesCoordinator replica(String name, HighAvailabilitySettings settings) {
        KubernetesCoordinator coordinator = new KubernetesCoordinatorFactory(Map.of("POD_NAME", name)::get)
                .create(settings, kubernetes.client(), false);
        coordinators.add(coordinator);
        return coordinator;
    }

    private Lease lease(String name) {
        return kubernetes.client().leases().inNamespace("vmware").withName(name).get();
    }

    @Test
    void oneReplicaLeadsAndHandsOverAtOnceWhenItStops() {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        Campaign campaignA = replica("pod-a", LONG_LEASE).campaign("vcenter", a);
        await().atMost(Duration.ofSeconds(5)).until(a::leading);
        replica("pod-b", LONG_LEASE).campaign("vcenter", b);
        await().atMost(Duration.ofSeconds(5)).until(() -> "pod-a".equals(b.leader));
        assertThat(lease("router-vcenter").getSpec().getHolderIdentity()).isEqualTo("pod-a");

        campaignA.close();

        await().atMost(Duration.ofSeconds(15)).until(b::leading);
        assertThat(a.names()).containsExactly("elected", "deposed");
        // Released: b took over within its next tries (every 200-440 ms, slower on a loaded machine), not after the
        // 20 s lease.
        long handover = Duration.ofNanos(b.last("elected") - a.last("deposed")).toMillis();
        assertThat(handover).isLessThan(10_000);
        assertThat(lease("router-vcenter").getSpec().getHolderIdentity()).isEqualTo("pod-b");
        assertThat(b.names()).containsExactly("elected");
    }

    @Test
    void aReplicaThatLosesItsLeaseStopsAndCompetesAgain() {
        RecordingListener a = new RecordingListener();
        replica("pod-a").campaign("vcenter", a);
        await().atMost(Duration.ofSeconds(5)).until(a::leading);

        // Another holder appears (as when this replica could not renew in time and another took over).
        // Read-modify-write, again on a conflict: pod-a's renewal may land between the read and the update (409).
        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
                    Lease taken = new LeaseBuilder(lease("router-vcenter")).editSpec().withHolderIdentity("intruder")
                            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build();
                    kubernetes.client().leases().inNamespace("vmware").resource(taken).update();
                    return true;
                });

        await().atMost(Duration.ofSeconds(5)).until(() -> a.names().contains("deposed"));
        assertThat(a.leader).isEqualTo("intruder");
        // The intruder never renews: after its lease ran out, pod-a leads again.
        await().atMost(Duration.ofSeconds(8)).until(a::leading);
        assertThat(a.names()).containsExactly("elected", "deposed", "elected");
    }

    /**
     * A partition between the holder and the API server: its calls hang (time out after a retry period), it cannot
     * renew, so it must stop its provider before the standby may start it, i.e. before the lease runs out.
     */
    @Test
    void aHolderCutOffFromTheApiServerStopsBeforeAStandbyStarts() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(kubernetes.server.getHostName(), kubernetes.server.getPort())) {
            KubernetesClient throughProxy = new KubernetesClientBuilder().withConfig(KubernetesCoordinatorFactory
                    .withTimeouts(new ConfigBuilder().withMasterUrl(proxy.url()).withNamespace("vmware").build(), FAST))
                    .build();
            KubernetesCoordinator cutOff = new KubernetesCoordinatorFactory(Map.of("POD_NAME", "pod-a")::get)
                    .create(FAST, throughProxy, true);
            coordinators.add(cutOff);
            RecordingListener a = new RecordingListener();
            RecordingListener b = new RecordingListener();
            cutOff.campaign("vcenter", a);
            await().atMost(Duration.ofSeconds(5)).until(a::leading);
            replica("pod-b").campaign("vcenter", b);
            await().atMost(Duration.ofSeconds(5)).until(() -> "pod-a".equals(b.leader));

            proxy.blackHole();
            long cut = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).until(b::leading);
            assertThat(a.names()).containsExactly("elected", "deposed");
            assertThat(a.last("deposed")).as("the cut-off holder stopped before the standby started")
                    .isLessThan(b.last("elected"));
            assertThat(Duration.ofNanos(a.last("deposed") - cut)).isLessThanOrEqualTo(
                    FAST.renewDeadline().plus(FAST.retryPeriod().multipliedBy(2)).plusMillis(100));
        }
    }

    @Test
    void providersHaveLeasesOfTheirOwn() {
        RecordingListener vcenter = new RecordingListener();
        RecordingListener horizon = new RecordingListener();
        KubernetesCoordinator replica = replica("pod-a");
        replica.campaign("vcenter", vcenter);
        replica.campaign("Horizon EU", horizon);
        await().atMost(Duration.ofSeconds(5)).until(() -> vcenter.leading() && horizon.leading());
        assertThat(lease("router-vcenter")).isNotNull();
        assertThat(lease(ObjectNames.of("router", "Horizon EU"))).isNotNull();
    }
}
