package io.eventrouter.knative;

import io.eventrouter.config.KReference;
import io.eventrouter.spi.DestinationAddress;
import io.eventrouter.spi.DestinationAddress.Resolution;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

import static io.eventrouter.knative.ClusterObjects.BROKER;
import static io.eventrouter.knative.ClusterObjects.addressable;
import static io.eventrouter.knative.ClusterObjects.kubernetesService;
import static io.eventrouter.knative.ClusterObjects.put;
import static io.eventrouter.knative.ClusterObjects.withReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Resolution of each kind of ref against fabric8's Kubernetes API mock server (CRUD mode: objects, lists, watches). */
class KubernetesAddressResolverTest {

    private static final String BROKER_URL = "http://broker-ingress.knative-eventing.svc.cluster.local/vmware-functions/default";

    private final MockKubernetes cluster = new MockKubernetes();
    private final KubernetesClient client = cluster.client;
    private final KubernetesAddressResolver resolver = new KubernetesAddressResolver(() -> client, false, Duration.ZERO);

    @AfterEach
    void close() {
        cluster.close();
        resolver.close();
    }

    static Stream<Arguments> kinds() {
        KReference kservice = new KReference("serving.knative.dev/v1", "Service", "kn-ps-echo", "vmware-functions");
        KReference channel = new KReference("messaging.knative.dev/v1", "InMemoryChannel", "events", "vmware-functions");
        return Stream.of(
                Arguments.of("Broker", addressable(BROKER, BROKER_URL), BROKER, BROKER_URL),
                Arguments.of("Knative Service", addressable(kservice, "http://kn-ps-echo.vmware-functions.svc.cluster.local"),
                        kservice, "http://kn-ps-echo.vmware-functions.svc.cluster.local"),
                Arguments.of("any Addressable", addressable(channel, "http://events-kn-channel.vmware-functions.svc.cluster.local"),
                        channel, "http://events-kn-channel.vmware-functions.svc.cluster.local"),
                Arguments.of("Kubernetes Service on port 80", kubernetesService("vmware-functions", "sockeye", 80),
                        new KReference("v1", "Service", "sockeye", "vmware-functions"),
                        "http://sockeye.vmware-functions.svc.cluster.local"),
                Arguments.of("Kubernetes Service on another port", kubernetesService("vmware-functions", "sockeye", 8080, 9090),
                        new KReference("v1", "Service", "sockeye", "vmware-functions"),
                        "http://sockeye.vmware-functions.svc.cluster.local:8080"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void resolvesEachKind(String what, GenericKubernetesResource object, KReference ref, String expected) {
        put(client, object);

        DestinationAddress address = resolver.follow(ref, null);

        await().untilAsserted(() -> assertThat(address.current().uri()).hasToString(expected));
        assertThat(address.describe()).isEqualTo(expected);
    }

    @Test
    void aUriNextToARefIsRelativeToTheResolvedAddress() {
        KReference kservice = new KReference("serving.knative.dev/v1", "Service", "echo", "fns");
        put(client, addressable(kservice, "http://echo.fns.svc.cluster.local"));
        put(client, addressable(BROKER, BROKER_URL));

        DestinationAddress rooted = resolver.follow(kservice, URI.create("/extra/path?x=1"));
        DestinationAddress sibling = resolver.follow(BROKER, URI.create("other"));

        await().untilAsserted(() -> {
            assertThat(rooted.current().uri()).hasToString("http://echo.fns.svc.cluster.local/extra/path?x=1");
            assertThat(sibling.current().uri())
                    .hasToString("http://broker-ingress.knative-eventing.svc.cluster.local/vmware-functions/other");
        });
    }

    @Test
    void withoutANamespaceTheRoutersOwnIsUsed() {
        assertThat(client.getNamespace()).isEqualTo("test");
        put(client, addressable(new KReference(BROKER.apiVersion(), "Broker", "default", "test"), BROKER_URL));

        DestinationAddress address = resolver.follow(new KReference(BROKER.apiVersion(), "Broker", "default", null), null);

        await().untilAsserted(() -> assertThat(address.current().uri()).hasToString(BROKER_URL));
    }

    @Test
    void aMissingObjectIsUnresolvedUntilItIsCreated() {
        DestinationAddress address = resolver.follow(BROKER, null);

        await().untilAsserted(() -> assertThat(address.current().problem())
                .isEqualTo("Broker vmware-functions/default (eventing.knative.dev/v1) does not exist"));
        assertThat(address.current().isResolved()).isFalse();

        put(client, addressable(BROKER, BROKER_URL));

        await().untilAsserted(() -> assertThat(address.current().uri()).hasToString(BROKER_URL));
    }

    @Test
    void aChangedAddressIsPickedUpAndADeletedObjectIsUnresolved() {
        put(client, addressable(BROKER, BROKER_URL));
        DestinationAddress address = resolver.follow(BROKER, null);
        await().untilAsserted(() -> assertThat(address.current().uri()).hasToString(BROKER_URL));

        put(client, addressable(BROKER, "http://rabbitmq-broker-ingress.vmware-functions.svc.cluster.local/default"));

        await().untilAsserted(() -> assertThat(address.current().uri())
                .hasToString("http://rabbitmq-broker-ingress.vmware-functions.svc.cluster.local/default"));

        ClusterObjects.delete(client, addressable(BROKER, null));

        await().untilAsserted(() -> assertThat(address.current().problem()).endsWith("does not exist"));
    }

    @Test
    void anObjectThatIsNotReadyOrHasNoAddressIsUnresolved() {
        put(client, withReady(addressable(BROKER, BROKER_URL), "False"));
        DestinationAddress address = resolver.follow(BROKER, null);

        await().untilAsserted(() -> assertThat(address.current()).isEqualTo(Resolution.unresolved(
                "Broker vmware-functions/default (eventing.knative.dev/v1) is not ready: IngressNotReady: "
                        + "the ingress has no endpoints")));

        put(client, addressable(BROKER, null));
        await().untilAsserted(() -> assertThat(address.current().problem()).contains("has no status.address.url"));

        put(client, withReady(addressable(BROKER, BROKER_URL), "Unknown"));
        await("reconciling, with an address: usable").untilAsserted(() ->
                assertThat(address.current().uri()).hasToString(BROKER_URL));
    }
}
