package io.eventrouter.knative;

import io.eventrouter.config.Binder;
import io.eventrouter.config.KReference;
import io.eventrouter.spi.AddressResolver;
import io.eventrouter.spi.DestinationAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Resolves destination refs through the Kubernetes API with the fabric8 client. The client is made when the first
 * ref is followed, so a configuration of plain URIs never reads a kubeconfig or talks to a cluster.
 */
public final class KubernetesAddressResolver implements AddressResolver {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAddressResolver.class);
    private static final Duration RECHECK_PAUSE = Duration.ofSeconds(2);

    private final Supplier<KubernetesClient> connect;
    private final boolean ownsClient;
    private final Duration recheckPause;
    private final List<WatchedAddress> followed = new ArrayList<>();
    private KubernetesClient client;

    /**
     * fabric8's standard configuration: the pod's service account and namespace in a cluster, else the kubeconfig
     * ({@code KUBECONFIG} or {@code ~/.kube/config}) and its current context's namespace.
     */
    public KubernetesAddressResolver() {
        this(() -> new KubernetesClientBuilder().build(), true, RECHECK_PAUSE);
    }

    /** Uses {@code client}, which the caller keeps and closes. */
    public KubernetesAddressResolver(KubernetesClient client) {
        this(() -> client, false, RECHECK_PAUSE);
    }

    KubernetesAddressResolver(Supplier<KubernetesClient> connect, boolean ownsClient, Duration recheckPause) {
        this.connect = connect;
        this.ownsClient = ownsClient;
        this.recheckPause = recheckPause;
    }

    /** The namespace defaults to the router's own (fabric8's configured one), as Knative defaults to its parent's. */
    @Override
    public synchronized DestinationAddress follow(KReference ref, URI relative) {
        KubernetesClient kubernetes = client();
        String namespace = ref.namespace();
        if (namespace == null || namespace.isBlank()) {
            namespace = kubernetes.getNamespace();
            if (namespace == null || namespace.isBlank()) {
                namespace = "default";
            }
            LOG.info("{} {}: no namespace given, using the router's: {}", ref.kind(), ref.name(), namespace);
        }
        KReference target = new KReference(ref.apiVersion(), ref.kind(), ref.name(), namespace);
        var resource = kubernetes.genericKubernetesResources(Addressables.context(target)).inNamespace(namespace)
                .withName(ref.name());
        WatchedAddress address = new WatchedAddress(target, relative, resource, apiServer(kubernetes), recheckPause);
        followed.add(address);
        return address;
    }

    private static String apiServer(KubernetesClient client) {
        return Binder.redactUserInfo(String.valueOf(client.getMasterUrl()));
    }

    /** Whether a Kubernetes client was made, i.e. a ref was followed. */
    synchronized boolean connected() {
        return client != null;
    }

    /** The client refs are resolved with, made on first use; shared with the TokenRequest API for OIDC tokens. */
    synchronized KubernetesClient kubernetes() {
        return client();
    }

    private KubernetesClient client() {
        if (client == null) {
            client = connect.get();
            LOG.info("Kubernetes API for destination refs: {}", apiServer(client));
        }
        return client;
    }

    @Override
    public synchronized void close() {
        followed.forEach(WatchedAddress::close);
        followed.clear();
        if (client != null && ownsClient) {
            client.close();
        }
    }
}
