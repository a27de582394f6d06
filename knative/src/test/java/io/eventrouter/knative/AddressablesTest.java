package io.eventrouter.knative;

import io.eventrouter.config.KReference;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class AddressablesTest {

    private static final String API = "https://kubernetes.default.svc/";

    @Test
    void theResourceNameIsTheKindsPlural() {
        assertThat(Addressables.plural("Broker")).isEqualTo("brokers");
        assertThat(Addressables.plural("InMemoryChannel")).isEqualTo("inmemorychannels");
        assertThat(Addressables.plural("Parallel")).isEqualTo("parallels");
        assertThat(Addressables.plural("Ingress")).isEqualTo("ingresses");
        assertThat(Addressables.plural("Batch")).isEqualTo("batches");
        assertThat(Addressables.plural("Gateway")).isEqualTo("gateways");
        assertThat(Addressables.plural("Proxy")).isEqualTo("proxies");
        assertThat(Addressables.context(ClusterObjects.BROKER).getGroup()).isEqualTo("eventing.knative.dev");
        assertThat(Addressables.context(new KReference("v1", "Service", "s", "ns")).getGroup()).isEmpty();
    }

    @Test
    void aRelativeUriIsResolvedLikeGosResolveReference() {
        URI broker = URI.create("http://broker-ingress.knative-eventing.svc.cluster.local/ns/default");
        URI service = URI.create("http://echo.fns.svc.cluster.local");

        assertThat(Addressables.withRelative(broker, null)).isEqualTo(broker);
        assertThat(Addressables.withRelative(broker, URI.create("other"))).hasToString(
                "http://broker-ingress.knative-eventing.svc.cluster.local/ns/other");
        assertThat(Addressables.withRelative(service, URI.create("events"))).hasToString(
                "http://echo.fns.svc.cluster.local/events");
        assertThat(Addressables.withRelative(service, URI.create("/a/b?c=d"))).hasToString(
                "http://echo.fns.svc.cluster.local/a/b?c=d");
    }

    @Test
    void theAddressCarriesTheObjectsCACertsAndAudienceAndARefWithoutThemNone() {
        var tls = Addressables.resolve(ClusterObjects.BROKER, ClusterObjects.addressable(ClusterObjects.BROKER,
                "https://broker-ingress.knative-eventing.svc.cluster.local/vmware-functions/default", "PEM", "aud-1"),
                URI.create("events"));
        var plain = Addressables.resolve(ClusterObjects.BROKER, ClusterObjects.addressable(ClusterObjects.BROKER,
                "http://broker-ingress.knative-eventing.svc.cluster.local/vmware-functions/default"), null);

        assertThat(tls.uri()).hasToString("https://broker-ingress.knative-eventing.svc.cluster.local/vmware-functions/events");
        assertThat(tls.caCerts()).isEqualTo("PEM");
        assertThat(tls.audience()).isEqualTo("aud-1");
        assertThat(plain.caCerts()).isNull();
        assertThat(plain.audience()).isNull();
    }

    @Test
    void aReadFailureSaysWhatToCheck() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withReason("Forbidden").withMessage("brokers.eventing.knative.dev is forbidden").build());
        KubernetesClientException notFound = new KubernetesClientException(new StatusBuilder().withCode(404)
                .withReason("NotFound").build());

        assertThat(Addressables.readFailure(ClusterObjects.BROKER, API, new RuntimeException(forbidden))).isEqualTo(
                "cannot read Broker vmware-functions/default (eventing.knative.dev/v1) from Kubernetes: HTTP 403 "
                        + "Forbidden; the router's service account needs get, list and watch on it (e.g. the "
                        + "ClusterRole knative-serving-aggregated-addressable-resolver)");
        assertThat(Addressables.readFailure(ClusterObjects.BROKER, API, notFound))
                .endsWith("HTTP 404 NotFound; is eventing.knative.dev/v1 Broker installed in the cluster?");
        assertThat(Addressables.readFailure(ClusterObjects.BROKER, API, new CompletionException(
                new KubernetesClientException("Operation failed", new UnknownHostException("kubernetes.default.svc")))))
                .isEqualTo("cannot read Broker vmware-functions/default (eventing.knative.dev/v1) from the Kubernetes "
                        + "API at https://kubernetes.default.svc/: UnknownHostException: kubernetes.default.svc; is it "
                        + "reachable from here? (outside a cluster, KUBECONFIG names the kubeconfig to use)");
    }
}
