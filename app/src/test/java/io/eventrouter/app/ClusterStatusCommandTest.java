package io.eventrouter.app;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster status}: the assignment read from the Leases in fabric8's mock API server (CRUD mode), as the
 * replicas write them (a membership Lease per replica, a Lease per shared provider); one-line errors otherwise.
 */
class ClusterStatusCommandTest {

    private final KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    @TempDir
    Path dir;
    private KubernetesClient client;
    private boolean stopped;

    @BeforeEach
    void cluster() {
        kubernetes.init();
        client = kubernetes.createClient();
    }

    @AfterEach
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        client.close();
        kubernetes.destroy();
    }

    @Test
    void printsEachProvidersHolderAndEachReplicasShare() throws Exception {
        member("router-0");
        member("router-1");
        provider("vc-01", "router-0");
        provider("vc-02", "router-1");
        provider("vc-03", "router-0");
        Path config = config(true);

        CommandRunner.Result result = CommandRunner.run("cluster", "status", "--config", config.toString(),
                "--kubeconfig", kubeconfig(kubernetes.getPort()).toString());

        System.out.print(result.out());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("router router in namespace vmware (http://");
        assertThat(result.out()).containsPattern("vc-01 +router-vc-01 +router-0 +\\d+\\.\\ds ago");
        assertThat(result.out()).containsPattern("vc-02 +router-vc-02 +router-1 ");
        assertThat(result.out()).containsPattern("vc-04 +router-vc-04 +\\(no Lease yet\\) +-");
        assertThat(result.out()).containsPattern("router-0 +2/2 +\\d+\\.\\ds ago");
        assertThat(result.out()).containsPattern("router-1 +1/2 ");
        assertThat(result.out()).contains("4 providers, 2 replicas, at most 2 each; 1 not held");
        assertThat(result.out()).doesNotContain("webhook");
    }

    @Test
    void aConfigurationWithoutHighAvailabilityIsOneLineAndExit2() throws Exception {
        Path config = config(false);

        CommandRunner.Result result = CommandRunner.run("cluster", "status", "--config", config.toString(),
                "--kubeconfig", kubeconfig(kubernetes.getPort()).toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("error: " + config + ": highAvailability: not enabled; without it "
                + "every replica reads every provider and there are no Leases to show");
    }

    @Test
    void clusterWithoutItsSubcommandShowsTheUsage() {
        CommandRunner.Result result = CommandRunner.run("cluster");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing subcommand: cluster status --config FILE").contains("status");
    }

    @Test
    void anUnreachableClusterIsOneLineAndExit2() throws Exception {
        Path config = config(true);
        Path kubeconfig = kubeconfig(kubernetes.getPort());
        stop();

        CommandRunner.Result result = CommandRunner.run("cluster", "status", "--config", config.toString(),
                "--kubeconfig", kubeconfig.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("error: cannot list Leases in namespace vmware at http://")
                .contains("is the API server reachable?").doesNotContain("\n");
    }

    private Path config(boolean highlyAvailable) throws Exception {
        Path file = dir.resolve(highlyAvailable ? "ha.yaml" : "single.yaml");
        StringBuilder yaml = new StringBuilder("""
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: cluster-status}
                eventProviders:
                """);
        for (int i = 1; i <= 4; i++) {
            yaml.append("""
                      - type: vcenter
                        name: vc-0%d
                        vcenter:
                          address: https://vc-0%d.example.com/sdk
                          checkpoint: true
                          checkpointDir: %s
                          auth: {type: basic_auth, basicAuth: {username: u, password: p}}
                    """.formatted(i, i, dir.resolve("checkpoints-" + i)));
        }
        yaml.append("""
                  - {type: webhook, name: webhook, webhook: {bindAddress: "127.0.0.1:0"}}
                eventProcessors:
                  - {type: knative, name: sink, knative: {destination: {uri: "http://127.0.0.1:1/"}}}
                """);
        if (highlyAvailable) {
            yaml.append("highAvailability: {name: router, namespace: vmware}\n");
        }
        Files.writeString(file, yaml);
        return file;
    }

    private Path kubeconfig(int port) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: mock, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: elsewhere}}]
                current-context: mock
                """.formatted(port));
        return file;
    }

    private void member(String identity) {
        client.leases().inNamespace("vmware").resource(new LeaseBuilder().withNewMetadata()
                .withName("router-replica-" + identity)
                .withLabels(Map.of("eventrouter.io/group", "router", "eventrouter.io/role", "replica")).endMetadata()
                .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(15)
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();
    }

    private void provider(String provider, String holder) {
        client.leases().inNamespace("vmware").resource(new LeaseBuilder().withNewMetadata()
                .withName("router-" + provider).endMetadata().withNewSpec().withHolderIdentity(holder)
                .withLeaseDurationSeconds(15).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build())
                .create();
    }
}
