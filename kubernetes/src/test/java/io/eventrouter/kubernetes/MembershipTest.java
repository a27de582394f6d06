package io.eventrouter.kubernetes;

import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.eventrouter.ha.ClusterAssignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The membership Leases a replica keeps, as `cluster status` reads them. */
class MembershipTest {

    /** The shortest lease the settings allow, so that forgetting a dead replica (10 leases) takes 10 s. */
    private static final HighAvailabilitySettings SHORT = new HighAvailabilitySettings(true, "router", "vmware", null,
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(200), CheckpointSharing.CONFIG_MAP);

    private final MockKubernetes kubernetes = new MockKubernetes();

    @AfterEach
    void stop() {
        kubernetes.close();
    }

    private Lease lease(String name) {
        return kubernetes.client().leases().inNamespace("vmware").withName(name).get();
    }

    @Test
    void aReplicaKeepsALabelledLeaseWhileItRunsAndDeletesItWhenItStops() {
        KubernetesCoordinator replica = new KubernetesCoordinatorFactory(Map.of("POD_NAME", "pod-a")::get)
                .create(SHORT, kubernetes.client(), false);
        await().atMost(Duration.ofSeconds(20)).until(() -> lease("router-replica-pod-a") != null);
        Lease membership = lease("router-replica-pod-a");
        assertThat(membership.getMetadata().getLabels()).containsEntry("eventrouter.io/group", "router")
                .containsEntry("eventrouter.io/role", "replica");
        assertThat(membership.getSpec().getHolderIdentity()).isEqualTo("pod-a");
        assertThat(membership.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        ZonedDateTime first = membership.getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> lease("router-replica-pod-a").getSpec().getRenewTime()
                .isAfter(first));

        replica.close();

        assertThat(lease("router-replica-pod-a")).isNull();
    }

    @Test
    void clusterStatusReadsTheMembershipLeasesAndWhoHoldsWhat() throws Exception {
        KubernetesCoordinator replica = new KubernetesCoordinatorFactory(Map.of("POD_NAME", "pod-a")::get)
                .create(SHORT, kubernetes.client(), false);
        try {
            RecordingListener listener = new RecordingListener();
            replica.campaign("vc-01", listener);
            await().atMost(Duration.ofSeconds(20)).until(listener::leading);

            ClusterAssignment assignment = new KubernetesClusterReader(Clock.systemUTC(), name -> null)
                    .read(kubernetes.client(), SHORT, List.of("vc-01", "vc-02"), "vmware");

            assertThat(assignment.replicas()).singleElement().satisfies(r -> {
                assertThat(r.identity()).isEqualTo("pod-a");
                assertThat(r.holding()).isEqualTo(1);
                assertThat(r.membershipAge()).isNotNull();
            });
            assertThat(assignment.share()).isEqualTo(2);
        } finally {
            replica.close();
        }
    }

    @Test
    void aDeadReplicasLeaseIsDeletedAfterTenLeaseDurationsUnchanged() {
        kubernetes.client().leases().inNamespace("vmware").resource(new LeaseBuilder().withNewMetadata()
                .withName("router-replica-pod-gone").addToLabels("eventrouter.io/group", "router")
                .addToLabels("eventrouter.io/role", "replica").endMetadata().withNewSpec()
                .withHolderIdentity("pod-gone").withLeaseDurationSeconds(1)
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();
        KubernetesCoordinator replica = new KubernetesCoordinatorFactory(Map.of("POD_NAME", "pod-a")::get)
                .create(SHORT, kubernetes.client(), false);
        try {
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).until(() -> lease("router-replica-pod-gone") == null);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(lease("router-replica-pod-a")).isNotNull();
        } finally {
            replica.close();
        }
    }
}
