package io.eventrouter.knative;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.config.KReference;
import io.eventrouter.spi.DestinationAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.eventrouter.knative.ClusterObjects.addressable;
import static io.eventrouter.knative.ClusterObjects.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resolver the application loads configures itself the standard fabric8 way; here from a kubeconfig file
 * (as {@code KUBECONFIG} would name it), whose context's namespace is the default for refs without one.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubeconfigTest {

    private static final String TOKEN = "kubeconfig-token-that-must-not-be-logged";

    /**
     * Made as the application's resolver makes it, but closed only after the mock server: the mock blocks for a
     * minute on a watch whose client goes away before it.
     */
    private static KubernetesClient autoConfigured;

    KubernetesMockServer server;
    KubernetesClient client;

    @AfterAll
    static void closeClient() {
        if (autoConfigured != null) {
            autoConfigured.close();
        }
    }

    @Test
    void theKubeconfigsServerAndNamespaceAreUsed(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: router
                  context:
                    cluster: mock
                    namespace: vmware-system
                    user: router
                current-context: router
                users:
                - name: router
                  user:
                    token: %s
                """.formatted(server.url("/"), TOKEN));
        put(client, addressable(new KReference("eventing.knative.dev/v1", "Broker", "default", "vmware-system"),
                "http://broker-ingress.knative-eventing.svc.cluster.local/vmware-system/default"));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        String before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", kubeconfig.toString());
        try (KubernetesAddressResolver resolver = new KubernetesAddressResolver(
                () -> autoConfigured = KubernetesAddressResolver.autoConfigured(), false, Duration.ofSeconds(2))) {
            DestinationAddress address = resolver.follow(
                    new KReference("eventing.knative.dev/v1", "Broker", "default", null), null);

            await().untilAsserted(() -> assertThat(address.current().uri())
                    .hasToString("http://broker-ingress.knative-eventing.svc.cluster.local/vmware-system/default"));
        } finally {
            restore(before);
            root.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("using the router's: vmware-system"))
                .noneSatisfy(line -> assertThat(line).contains(TOKEN));
    }

    private static void restore(String kubeconfig) {
        if (kubeconfig == null) {
            System.clearProperty("kubeconfig");
        } else {
            System.setProperty("kubeconfig", kubeconfig);
        }
    }
}
