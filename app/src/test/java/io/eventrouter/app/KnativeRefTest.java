package io.eventrouter.app;

import io.cloudevents.CloudEvent;
import io.eventrouter.deadletter.ErrorExtensions;
import io.eventrouter.knative.KubernetesAddressResolver;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.CloudEventsReceiver.Reply;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole router with the knative processor's destination and its dead-letter sink both given as Broker refs,
 * resolved through fabric8's Kubernetes API mock server. A dead-letter sink that does not exist yet holds the event
 * (the webhook keeps waiting) until the Broker is created.
 */
class KnativeRefTest {

    private static final ResourceDefinitionContext BROKERS = new ResourceDefinitionContext.Builder()
            .withGroup("eventing.knative.dev").withVersion("v1").withKind("Broker").withPlural("brokers")
            .withNamespaced(true).build();

    private static final String DEAD_LETTERS_BY_REF = """
              delivery:
                retry: 0
                deadLetterSink:
                  ref: %s
            """.formatted(brokerRef("vmware-system", "dead-letters"));

    /** The API mock server in CRUD mode; stopped before the router (see {@code knative}'s MockKubernetes for why). */
    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private KubernetesClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDestinationAndTheDeadLetterSinkAreResolvedFromRefs() throws Exception {
        server.init();
        client = server.createClient();
        try (CloudEventsReceiver broker = CloudEventsReceiver.start();
             CloudEventsReceiver deadLetters = CloudEventsReceiver.start()) {
            RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnativeDestination(
                    "ref: " + brokerRef("vmware-functions", "default"), "binary", DEAD_LETTERS_BY_REF, ""),
                    new KubernetesAddressResolver(client));
            try {
                deliverAndDeadLetter(router, broker, deadLetters);
            } finally {
                server.destroy();
                router.close();
                client.close();
            }
        }
    }

    private void deliverAndDeadLetter(RunningRouter router, CloudEventsReceiver broker,
                                     CloudEventsReceiver deadLetters) {
        broker.respondWith(event -> Reply.of(event.getId().equals("poison") ? 400 : 202));
        String brokerUrl = broker.uri().resolve("/vmware-functions/default").toString();
        createBroker("vmware-functions", "default", brokerUrl);

        assertThat(post(router, "good").join().statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> poison = post(router, "poison");
        await().until(() -> broker.requestCount() >= 2);
        assertThat(poison).isNotDone();
        assertThat(deadLetters.requestCount()).isZero();

        createBroker("vmware-system", "dead-letters", deadLetters.uri().resolve("/vmware-system/dlq").toString());

        assertThat(poison.join().statusCode()).isEqualTo(200);
        assertThat(broker.events()).extracting(CloudEvent::getId).containsExactly("good");
        assertThat(deadLetters.events()).singleElement().satisfies(event -> {
            assertThat(event.getId()).isEqualTo("poison");
            assertThat(event.getExtension(ErrorExtensions.DESTINATION)).isEqualTo(brokerUrl);
            assertThat(event.getExtension(ErrorExtensions.CODE)).isEqualTo(400);
        });
    }

    private static String brokerRef(String namespace, String name) {
        return "{apiVersion: eventing.knative.dev/v1, kind: Broker, name: %s, namespace: %s}".formatted(name, namespace);
    }

    private void createBroker(String namespace, String name, String url) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion("eventing.knative.dev/v1").withKind("Broker")
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
        object.setAdditionalProperty("status", Map.of("address", Map.of("url", url)));
        client.genericKubernetesResources(BROKERS).inNamespace(namespace).resource(object).create();
    }

    private CompletableFuture<HttpResponse<String>> post(RunningRouter router, String id) {
        return http.sendAsync(HttpRequest.newBuilder(router.webhook()).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/vc")
                .header("ce-type", "com.vmware.event.router/event").header("ce-subject", "VmPoweredOnEvent")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
