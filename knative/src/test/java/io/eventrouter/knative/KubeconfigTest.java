package io.eventrouter.knative;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.config.KReference;
import io.eventrouter.spi.DestinationAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static io.eventrouter.knative.ClusterObjects.addressable;
import static io.eventrouter.knative.ClusterObjects.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resolver the application loads configures itself the standard fabric8 way; here from a kubeconfig file
 * (as {@code KUBECONFIG} would name it), whose context's namespace is the default for refs without one.
 */
class KubeconfigTest {

    private static final String TOKEN = "kubeconfig-token-that-must-not-be-logged";

    private final MockKubernetes cluster = new MockKubernetes();

    @Test
    void theKubeconfigsServerAndNamespaceAreUsed(@TempDir Path dir) throws Exception {
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("config"), "vmware-system", TOKEN);
        put(cluster.client, addressable(new KReference("eventing.knative.dev/v1", "Broker", "default", "vmware-system"),
                "http://broker-ingress.knative-eventing.svc.cluster.local/vmware-system/default"));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        String before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", kubeconfig.toString());
        KubernetesAddressResolver resolver = new KubernetesAddressResolver();
        try {
            DestinationAddress address = resolver.follow(
                    new KReference("eventing.knative.dev/v1", "Broker", "default", null), null);

            await().untilAsserted(() -> assertThat(address.current().uri())
                    .hasToString("http://broker-ingress.knative-eventing.svc.cluster.local/vmware-system/default"));
        } finally {
            restore(before);
            cluster.close();
            resolver.close();
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
