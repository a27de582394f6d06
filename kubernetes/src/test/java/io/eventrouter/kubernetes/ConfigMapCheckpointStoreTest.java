package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigMapCheckpointStoreTest {

    private final MockKubernetes kubernetes = new MockKubernetes();
    private final KubernetesClient client = kubernetes.client();

    @AfterEach
    void stop() {
        kubernetes.close();
    }

    private ConfigMapCheckpointStore store() {
        return new ConfigMapCheckpointStore(client, "vmware", "router-vcenter-checkpoint",
                Map.of(KubernetesCoordinator.MANAGED_BY, "event-router"), "mock");
    }

    private ConfigMap stored() {
        return client.configMaps().inNamespace("vmware").withName("router-vcenter-checkpoint").get();
    }

    @Test
    void documentsAreKeysOfOneConfigMapCreatedOnTheFirstWrite() throws IOException {
        ConfigMapCheckpointStore store = store();
        assertThat(store.read("cp-vc.json")).isEmpty();
        store.write("cp-vc.json", "{\"a\":1}");
        store.write("cp-vc.json", "{\"a\":2}");
        store.write("other doc", "x");

        assertThat(stored().getData()).containsExactlyInAnyOrderEntriesOf(Map.of("cp-vc.json", "{\"a\":2}",
                "other_doc", "x"));
        assertThat(stored().getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "event-router");
        assertThat(store().read("cp-vc.json")).contains("{\"a\":2}");
        assertThat(store.describe()).isEqualTo("vmware/router-vcenter-checkpoint");
    }

    @Test
    void aChangeToAnotherKeyIsMergedNotLost() throws IOException {
        ConfigMapCheckpointStore store = store();
        store.write("cp-vc.json", "1");
        client.configMaps().inNamespace("vmware").resource(new ConfigMapBuilder(stored()).addToData("note", "hi")
                .build()).update();

        store.write("cp-vc.json", "2");

        assertThat(stored().getData()).containsEntry("cp-vc.json", "2").containsEntry("note", "hi");
    }

    @Test
    void aDeposedHolderCannotMoveItsSuccessorsPositionBack() throws IOException {
        ConfigMapCheckpointStore deposed = store();
        deposed.read("cp-vc.json");
        deposed.write("cp-vc.json", "100");
        ConfigMapCheckpointStore successor = store();
        assertThat(successor.read("cp-vc.json")).contains("100");
        successor.write("cp-vc.json", "150");

        assertThatThrownBy(() -> deposed.write("cp-vc.json", "120")).isInstanceOf(IOException.class)
                .hasMessageContaining("changed by another replica");
        // Fenced for good, even though its next write would now be based on the newest version.
        assertThatThrownBy(() -> deposed.write("cp-vc.json", "130")).isInstanceOf(IOException.class);
        assertThat(stored().getData()).containsEntry("cp-vc.json", "150");
        successor.write("cp-vc.json", "160");
        assertThat(stored().getData()).containsEntry("cp-vc.json", "160");
    }

    @Test
    void twoFirstWritersDoNotOverwriteEachOther() throws IOException {
        ConfigMapCheckpointStore first = store();
        ConfigMapCheckpointStore second = store();
        first.read("cp-vc.json");
        second.read("cp-vc.json");
        first.write("cp-vc.json", "1");

        assertThatThrownBy(() -> second.write("cp-vc.json", "2")).isInstanceOf(IOException.class);
        assertThat(stored().getData()).containsEntry("cp-vc.json", "1");
    }

    /**
     * An update the API server applied but answered too late (the call timed out) is this replica's own write: the
     * next write must go through, not take it for another replica's and stop writing for good (seen in ScaleOutTest
     * on a loaded machine: checkpoints frozen for 30 s, then a graceful hand-over resumed from there).
     */
    @Test
    void anUpdateAnsweredTooLateDoesNotFenceItsOwnWriter() throws IOException {
        LateAnswers dispatcher = new LateAnswers();
        try (MockKubernetes slow = new MockKubernetes(dispatcher)) {
            Config config = new ConfigBuilder(slow.server.createClient().getConfiguration()).withRequestTimeout(500)
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient impatient = new KubernetesClientBuilder().withConfig(config).build()) {
                ConfigMapCheckpointStore store = new ConfigMapCheckpointStore(impatient, "vmware",
                        "router-vcenter-checkpoint", Map.of(), "mock");
                store.write("cp-vc.json", "100");
                dispatcher.late = true;
                assertThatThrownBy(() -> store.write("cp-vc.json", "110")).isInstanceOf(IOException.class);
                dispatcher.late = false;
                ConfigMap applied = slow.client().configMaps().inNamespace("vmware")
                        .withName("router-vcenter-checkpoint").get();
                assertThat(applied.getData()).containsEntry("cp-vc.json", "110");

                store.write("cp-vc.json", "120");

                assertThat(slow.client().configMaps().inNamespace("vmware").withName("router-vcenter-checkpoint")
                        .get().getData()).containsEntry("cp-vc.json", "120");
            }
        }
    }

    /** Applies every request at once; while {@code late}, answers updates two seconds later. */
    private static final class LateAnswers extends KubernetesCrudDispatcher {
        volatile boolean late;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            MockResponse response = super.dispatch(request);
            return late && request.getMethod().equals("PUT") ? response.setBodyDelay(2, TimeUnit.SECONDS) : response;
        }
    }
}
