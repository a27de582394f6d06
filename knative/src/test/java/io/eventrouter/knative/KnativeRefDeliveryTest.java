package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.ConfigException;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.VcenterEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static io.eventrouter.knative.ClusterObjects.BROKER;
import static io.eventrouter.knative.ClusterObjects.addressable;
import static io.eventrouter.knative.ClusterObjects.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The knative processor with {@code destination.ref} to a Broker, end to end: the ref is resolved through fabric8's
 * Kubernetes API mock server and events arrive at a local CloudEvents receiver standing in for the broker ingress.
 */
class KnativeRefDeliveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MockKubernetes cluster = new MockKubernetes();
    private final KubernetesClient client = cluster.client;
    private final KubernetesAddressResolver resolver = new KubernetesAddressResolver(client);
    private CloudEventsReceiver ingress;
    private EventProcessor processor;

    @BeforeEach
    void start() throws Exception {
        ingress = CloudEventsReceiver.start();
    }

    @AfterEach
    void stop() {
        cluster.close();
        if (processor != null) {
            processor.close();
        }
        resolver.close();
        ingress.close();
    }

    private EventProcessor processor() throws ConfigException {
        KnativeConfig config = ConfigSections.bind("""
                encoding: binary
                destination:
                  ref:
                    apiVersion: eventing.knative.dev/v1
                    kind: Broker
                    name: default
                    namespace: vmware-functions
                auth:
                  type: basic_auth
                  basicAuth: {username: veba, password: s3cret}
                """, KnativeConfig.class);
        processor = new KnativeProcessorFactory().create(config, new ProcessorEnvironment("knative",
                ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC(), resolver));
        return processor;
    }

    private String ingressUrl(CloudEventsReceiver receiver) {
        return receiver.uri().resolve("/vmware-functions/default").toString();
    }

    @Test
    void eventsGoToTheResolvedBrokerAddress() throws Exception {
        put(client, addressable(BROKER, ingressUrl(ingress)));
        EventProcessor knative = processor();
        await().until(() -> knative.describe().equals(ingressUrl(ingress)));

        CloudEvent event = VcenterEvents.vmEvent("VmPoweredOffEvent", "web-01");
        assertThat(knative.deliver(event, TIMEOUT).status()).isEqualTo(Status.DELIVERED);

        assertThat(ingress.received()).singleElement().satisfies(received -> {
            assertThat(received.event().getId()).isEqualTo(event.getId());
            assertThat(received.mode()).isEqualTo("binary");
            assertThat(received.headers()).containsEntry("authorization", "Basic dmViYTpzM2NyZXQ=");
        });
    }

    @Test
    void untilTheBrokerExistsEventsAreHeldAsUnavailableThenDelivered() throws Exception {
        EventProcessor knative = processor();
        CloudEvent event = VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01");

        await().untilAsserted(() -> assertThat(knative.deliver(event, TIMEOUT)).satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(result.detail()).isEqualTo("Broker vmware-functions/default (eventing.knative.dev/v1) "
                    + "does not exist");
        }));
        assertThat(ingress.requestCount()).isZero();

        put(client, addressable(BROKER, ingressUrl(ingress)));

        await().until(() -> knative.deliver(event, TIMEOUT).isDelivered());
        assertThat(ingress.events()).extracting(CloudEvent::getId).containsExactly(event.getId());
    }

    @Test
    void aBrokerThatMovesIsFollowed() throws Exception {
        put(client, addressable(BROKER, ingressUrl(ingress)));
        EventProcessor knative = processor();
        await().until(() -> knative.describe().equals(ingressUrl(ingress)));
        assertThat(knative.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT).isDelivered()).isTrue();

        try (CloudEventsReceiver moved = CloudEventsReceiver.start()) {
            put(client, addressable(BROKER, ingressUrl(moved)));
            await().until(() -> knative.describe().equals(ingressUrl(moved)));

            DeliveryResult result = knative.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "b"), TIMEOUT);

            assertThat(result.isDelivered()).isTrue();
            assertThat(moved.events()).extracting(e -> e.getExtension("vsphereapiversion")).containsExactly("6.7.3");
            assertThat(ingress.events()).hasSize(1);
        }
    }
}
