package io.eventrouter.kubernetes;

import io.eventrouter.config.Binder;
import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.CoordinatorFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
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
        Config config = withTimeouts(Config.autoConfigure(null), settings);
        return create(settings, new KubernetesClientBuilder().withConfig(config).build(), true);
    }

    /**
     * Every call gives up after one retry period, without fabric8's own retries: a renewal that hangs (the API
     * server unreachable without a refusal) must not keep the holder from noticing that its renew deadline passed,
     * or it would still run its provider when a standby takes over. The elector retries on its own.
     */
    static Config withTimeouts(Config config, HighAvailabilitySettings settings) {
        int millis = Math.toIntExact(settings.retryPeriod().toMillis());
        return new ConfigBuilder(config).withRequestTimeout(millis).withConnectionTimeout(millis)
                .withRequestRetryBackoffLimit(0).build();
    }

    /** With a client the caller made; {@code ownsClient}: closed with the coordinator. */
    KubernetesCoordinator create(HighAvailabilitySettings settings, KubernetesClient client, boolean ownsClient) {
        String namespace = first(settings.namespace(), environment.apply("POD_NAMESPACE"), client.getNamespace(),
                "default");
        String identity = first(settings.identity(), environment.apply("POD_NAME"), environment.apply("HOSTNAME"),
                hostName());
        String apiServer = Binder.redactUserInfo(String.valueOf(client.getMasterUrl()));
        LOG.info("high availability: replica {} in namespace {} (Kubernetes API {}); Leases {}-<provider>, membership "
                        + "Lease {}, lease {}, renew deadline {}, retry {}; checkpoints shared through {}", identity,
                namespace, apiServer, settings.name(), Membership.leaseName(settings.name(), identity),
                settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod(),
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
