package io.eventrouter.kubernetes;

import io.eventrouter.ha.ClusterAssignment;
import io.eventrouter.ha.ClusterReader;
import io.eventrouter.ha.HighAvailabilitySettings;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assignment as the Leases in fabric8's mock API server (CRUD mode) tell it. */
class KubernetesClusterReaderTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final HighAvailabilitySettings SETTINGS = new HighAvailabilitySettings(true, "router", null, null,
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2),
            HighAvailabilitySettings.CheckpointSharing.CONFIG_MAP);

    private final MockKubernetes kubernetes = new MockKubernetes();
    private final KubernetesClient client = kubernetes.client();
    private final KubernetesClusterReader reader = new KubernetesClusterReader(Clock.fixed(NOW, ZoneOffset.UTC),
            name -> null);

    @AfterEach
    void stop() {
        kubernetes.close();
    }

    @Test
    void eachProviderItsLeaseHolderAndAgeAndEachReplicaItsShare() throws Exception {
        member("router-0", 1);
        member("router-1", 3);
        provider("vc-a", "router-0", 2);
        provider("vc-b", "router-1", 1);
        provider("vc-c", "router-0", 20);
        provider("vc-d", "", 5); // released
        member("other-group-replica", 1, "someone-else");

        ClusterAssignment assignment = reader.read(client, SETTINGS, List.of("vc-a", "vc-b", "vc-c", "vc-d", "vc-e"),
                "vmware");

        assertThat(assignment.namespace()).isEqualTo("vmware");
        assertThat(assignment.providers()).containsExactly(
                new ClusterAssignment.ProviderLease("vc-a", "router-vc-a", "router-0", Duration.ofSeconds(2), true),
                new ClusterAssignment.ProviderLease("vc-b", "router-vc-b", "router-1", Duration.ofSeconds(1), true),
                new ClusterAssignment.ProviderLease("vc-c", "router-vc-c", "router-0", Duration.ofSeconds(20), true),
                new ClusterAssignment.ProviderLease("vc-d", "router-vc-d", null, Duration.ofSeconds(5), true),
                new ClusterAssignment.ProviderLease("vc-e", "router-vc-e", null, null, false));
        assertThat(assignment.providers().get(2).expired(SETTINGS.leaseDuration())).isTrue();
        assertThat(assignment.replicas()).containsExactly(
                new ClusterAssignment.Replica("router-0", Duration.ofSeconds(1), 2),
                new ClusterAssignment.Replica("router-1", Duration.ofSeconds(3), 1));
        assertThat(assignment.share()).isEqualTo(3);
    }

    @Test
    void aReplicaWithoutSharedProvidersHasNoShare() throws Exception {
        member("router-0", 1);
        client.leases().inNamespace("vmware").resource(new LeaseBuilder().withNewMetadata()
                .withName("router-replica-webhook-only").withLabels(Map.of("eventrouter.io/group", "router",
                        "eventrouter.io/role", "replica")).withAnnotations(Map.of("eventrouter.io/providers", "0"))
                .endMetadata().withNewSpec().withHolderIdentity("webhook-only").withLeaseDurationSeconds(15)
                .withRenewTime(at(1)).endSpec().build()).create();

        ClusterAssignment assignment = reader.read(client, SETTINGS, List.of("vc-a", "vc-b"), "vmware");

        assertThat(assignment.replicas()).extracting(ClusterAssignment.Replica::identity).containsExactly("router-0");
        assertThat(assignment.share()).isEqualTo(2);
    }

    @Test
    void aHolderWithoutMembershipLeaseIsStillListed() throws Exception {
        provider("vc-a", "old-router", 1);

        ClusterAssignment assignment = reader.read(client, SETTINGS, List.of("vc-a"), "vmware");

        assertThat(assignment.replicas()).containsExactly(new ClusterAssignment.Replica("old-router", null, 1));
        assertThat(assignment.share()).isEqualTo(1);
    }

    @Test
    void anUnreachableApiServerIsOneLine() {
        String port = String.valueOf(kubernetes.server.getPort());
        kubernetes.close();
        assertThatThrownBy(() -> reader.read(SETTINGS, List.of("vc-a"), kubeconfigAt(port), "vmware"))
                .isInstanceOf(ClusterReader.UnreachableException.class)
                .hasMessageStartingWith("cannot list Leases in namespace vmware at http://")
                .hasMessageContaining("connection refused (is the API server reachable?")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingKubeconfigIsOneLine() {
        assertThatThrownBy(() -> reader.read(SETTINGS, List.of("vc-a"), Path.of("/nonexistent/kubeconfig"), null))
                .isInstanceOf(ClusterReader.UnreachableException.class)
                .hasMessage("cannot read kubeconfig /nonexistent/kubeconfig: no such readable file");
    }

    private Path kubeconfigAt(String port) throws Exception {
        Path file = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
        java.nio.file.Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%s"}}]
                users: [{name: mock, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: vmware}}]
                current-context: mock
                """.formatted(port));
        file.toFile().deleteOnExit();
        return file;
    }

    private void member(String identity, int ageSeconds) {
        member("router-replica-" + identity, ageSeconds, identity, "router");
    }

    private void member(String name, int ageSeconds, String group) {
        member(name, ageSeconds, name, group);
    }

    private void member(String name, int ageSeconds, String identity, String group) {
        client.leases().inNamespace("vmware").resource(new LeaseBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("eventrouter.io/group", group, "eventrouter.io/role", "replica")).endMetadata()
                .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(15)
                .withRenewTime(at(ageSeconds)).endSpec().build()).create();
    }

    private void provider(String provider, String holder, int ageSeconds) {
        client.leases().inNamespace("vmware").resource(new LeaseBuilder().withNewMetadata()
                .withName("router-" + provider).endMetadata().withNewSpec().withHolderIdentity(holder)
                .withLeaseDurationSeconds(15).withRenewTime(at(ageSeconds)).endSpec().build()).create();
    }

    private static ZonedDateTime at(int secondsAgo) {
        return NOW.minusSeconds(secondsAgo).atZone(ZoneOffset.UTC);
    }
}
