package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.http.ClientTls;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.http.EventHttpClient;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.DestinationAddress;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.VcenterEvents;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.eventrouter.knative.ClusterObjects.BROKER;
import static io.eventrouter.knative.ClusterObjects.addressable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Failures a CRUD mock cannot show, with fabric8's Kubernetes API mock server answering by script. */
@EnableKubernetesMockClient(https = false)
class ScriptedKubernetesApiTest {

    private static final String BROKERS = "/apis/eventing.knative.dev/v1/namespaces/vmware-functions/brokers";
    private static final String LIST = BROKERS + "?fieldSelector=metadata.name%3Ddefault&resourceVersion=0";
    private static final String WATCH = BROKERS + "?allowWatchBookmarks=true&fieldSelector=metadata.name%3Ddefault"
            + "&resourceVersion=1&timeoutSeconds=600&watch=true";

    KubernetesMockServer server;
    KubernetesClient client;

    private static GenericKubernetesResourceList list(GenericKubernetesResource item) {
        GenericKubernetesResourceList list = new GenericKubernetesResourceList();
        list.setMetadata(new ListMetaBuilder().withResourceVersion("1").build());
        list.setItems(List.of(item));
        return list;
    }

    /**
     * A watch can stay open and silent while the object changes (a proxy or API server that lost it). A delivery
     * that cannot connect then makes the address read the object directly: here the list gives the old address, the
     * watch never sends anything, and a direct read gives the new one.
     */
    @Test
    void aConnectionFailureMakesTheAddressReadTheObjectAgain() throws Exception {
        String gone = "http://127.0.0.1:" + FreePorts.next() + "/vmware-functions/default";
        try (CloudEventsReceiver ingress = CloudEventsReceiver.start();
             EventHttpClient http = EventHttpClient.start(ClientTls.systemDefault().context(false), false,
                     Duration.ofSeconds(2));
             KubernetesAddressResolver resolver = new KubernetesAddressResolver(() -> client, false, Duration.ZERO)) {
            String moved = ingress.uri().resolve("/vmware-functions/default").toString();
            server.expect().get().withPath(LIST).andReturn(200, list(addressable(BROKER, gone))).once();
            server.expect().get().withPath(WATCH).andUpgradeToWebSocket().open().done().always();
            server.expect().get().withPath(BROKERS + "/default").andReturn(200, addressable(BROKER, moved)).always();
            DestinationAddress address = resolver.follow(BROKER, null);
            await().until(() -> address.describe().equals(gone));
            CloudEventSender sender = new CloudEventSender(http, EventEncoding.STRUCTURED, null);
            CloudEvent event = VcenterEvents.vmEvent("VmPoweredOffEvent", "web-01");

            DeliveryResult refused = sender.send(address, event, Duration.ofSeconds(2));

            assertThat(refused.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(refused.statusCode()).isZero();
            await().until(() -> address.describe().equals(moved));
            assertThat(sender.send(address, event, Duration.ofSeconds(2)).isDelivered()).isTrue();
            assertThat(ingress.events()).extracting(CloudEvent::getId).containsExactly(event.getId());
        }
    }

    @Test
    void aForbiddenReadIsExplainedAndRetried() {
        server.expect().get().withPath(LIST).andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("brokers.eventing.knative.dev is forbidden: User \"system:serviceaccount:vmware-system:"
                        + "vmware-event-router\" cannot list resource \"brokers\"").build()).once();
        server.expect().get().withPath(LIST).andReturn(200, list(addressable(BROKER, "http://broker/"))).always();
        server.expect().get().withPath(WATCH).andUpgradeToWebSocket().open().done().always();
        try (KubernetesAddressResolver resolver = new KubernetesAddressResolver(client)) {
            DestinationAddress address = resolver.follow(BROKER, null);

            await().untilAsserted(() -> assertThat(address.current().problem()).isEqualTo(
                    "cannot read Broker vmware-functions/default (eventing.knative.dev/v1) from Kubernetes: HTTP 403 "
                            + "Forbidden; the router's service account needs get, list and watch on it (e.g. the "
                            + "ClusterRole knative-serving-aggregated-addressable-resolver)"));
            await().untilAsserted(() -> assertThat(address.current().uri()).hasToString("http://broker/"));
        }
    }
}
