package io.eventrouter.kubernetes;

import io.eventrouter.config.Binder;
import io.eventrouter.config.file.HighAvailabilitySettings;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.CoordinatorFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Connects with fabric8's standard configuration (the pod's service account in a cluster, else {@code KUBECONFIG} or
 * {@code ~/.kube/config}) and names this replica and its namespace from the settings, else from the pod.
 */
public final class KubernetesCoordinatorFactory implements CoordinatorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCoordinatorFactory.class);

    private final Function<String, String> environment;

    public KubernetesCoordinatorFactory() {
        this(System::getenv);
    }

    KubernetesCoordinatorFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Coordinator create(HighAvailabilitySettings settings) {
        return create(settings, new KubernetesClientBuilder().build(), true);
    }

    /** With a client the caller made; {@code ownsClient}: closed with the coordinator. */
    KubernetesCoordinator create(HighAvailabilitySettings settings, KubernetesClient client, boolean ownsClient) {
        String namespace = first(settings.namespace(), environment.apply("POD_NAMESPACE"), client.getNamespace(),
                "default");
        String identity = first(settings.identity(), environment.apply("POD_NAME"), environment.apply("HOSTNAME"),
                hostName());
        String apiServer = Binder.redactUserInfo(String.valueOf(client.getMasterUrl()));
        LOG.info("high availability: replica {} in namespace {} (Kubernetes API {}); Leases {}-<provider>, lease "
                        + "{}, renew deadline {}, retry {}; checkpoints shared through {}", identity, namespace,
                apiServer, settings.name(), settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod(),
                settings.checkpoints().wireName());
        return new KubernetesCoordinator(client, ownsClient, settings, namespace, identity, apiServer);
    }

    private static String first(String... candidates) {
        return Stream.of(candidates).filter(c -> c != null && !c.isBlank()).findFirst().orElse(null);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "event-router-" + ProcessHandle.current().pid();
        }
    }
}
