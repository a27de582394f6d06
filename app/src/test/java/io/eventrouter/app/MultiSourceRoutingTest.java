package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.webhook.WebhookProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several sources into several processors, each with a different kind of filter: every processor receives exactly
 * the events its filter selects, in each source's order, and {@code /stats} has one entry per name.
 *
 * <p>The two vCenters are stood in for by two webhook providers that receive vCenter-shaped events (as the
 * vCenter provider emits them: type com.vmware.event.router/event, subject = event class, govmomi JSON data) with
 * each vCenter's source; the third source is a webhook receiving CI events. This build has no vCenter provider yet;
 * with it, the first two providers become {@code type: vcenter} against two vcsim instances.
 */
class MultiSourceRoutingTest {

    private static final String VC_A = "https://vc-a.local/sdk";
    private static final String VC_B = "https://vc-b.local/sdk";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing.reversed()) {
            closeable.close();
        }
    }

    private CloudEventsReceiver receiver() throws Exception {
        CloudEventsReceiver receiver = CloudEventsReceiver.start();
        closing.add(receiver);
        return receiver;
    }

    @Test
    void eachProcessorReceivesExactlyWhatItsFilterSelects() throws Exception {
        CloudEventsReceiver ci = receiver();
        CloudEventsReceiver prodVms = receiver();
        CloudEventsReceiver vcBPower = receiver();
        RunningRouter router = RunningRouter.start("""
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: multi-source}
                eventProviders:
                  - {type: webhook, name: vc-a, webhook: {bindAddress: "127.0.0.1:0", path: /vc-a}}
                  - {type: webhook, name: vc-b, webhook: {bindAddress: "127.0.0.1:0", path: /vc-b}}
                  - {type: webhook, name: ci-hook, webhook: {bindAddress: "127.0.0.1:0", path: /webhook}}
                eventProcessors:
                  - type: knative
                    name: ci
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - exact: {type: com.example.ci.build}
                  - type: knative
                    name: prod-vms
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - pattern: {data: {Vm: {Name: [{prefix: prod-}]}}}
                  - type: knative
                    name: vc-b-power
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - cesql: "source = '%s' AND subject LIKE 'VmPowered%%'"
                metricsProvider: {default: {bindAddress: "127.0.0.1:0"}}
                """.formatted(ci.uri(), prodVms.uri(), vcBPower.uri(), VC_B));
        closing.add(router);

        List<CloudEvent> fromA = List.of(vm(VC_A, "VmPoweredOnEvent", "prod-web-01", 1),
                vm(VC_A, "VmPoweredOffEvent", "test-db-01", 2), vm(VC_A, "VmCreatedEvent", "prod-web-02", 3));
        List<CloudEvent> fromB = List.of(vm(VC_B, "VmPoweredOnEvent", "test-app-01", 1),
                vm(VC_B, "VmPoweredOffEvent", "prod-db-01", 2), vm(VC_B, "VmRemovedEvent", "prod-db-01", 3));
        List<CloudEvent> fromCi = List.of(build("build-1"), build("build-2"));
        for (int i = 0; i < 3; i++) {
            post(router, 0, "/vc-a", fromA.get(i));
            post(router, 1, "/vc-b", fromB.get(i));
            if (i < fromCi.size()) {
                post(router, 2, "/webhook", fromCi.get(i));
            }
        }

        // the webhook answers only after delivery, so everything has arrived by now
        assertThat(ids(ci)).containsExactly("build-1", "build-2");
        assertThat(ids(prodVms)).containsExactlyInAnyOrder("vc-a-1", "vc-a-3", "vc-b-2", "vc-b-3");
        assertThat(ids(prodVms)).containsSubsequence("vc-a-1", "vc-a-3").containsSubsequence("vc-b-2", "vc-b-3");
        assertThat(ids(vcBPower)).containsExactly("vc-b-1", "vc-b-2");

        JsonNode stats = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(router.metrics("/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("vmware.event.router.stats");
        assertThat(stats.path("vc-a").path("events_total").asLong()).isEqualTo(3);
        assertThat(stats.path("ci-hook").path("events_total").asLong()).isEqualTo(2);
        assertThat(stats.has("prod-vms")).isTrue();
        assertThat(stats.has("vc-b-power")).isTrue();
    }

    private static List<String> ids(CloudEventsReceiver receiver) {
        return receiver.events().stream().map(CloudEvent::getId).toList();
    }

    /** A vCenter event as the vCenter provider emits it, with this vCenter's source. */
    private static CloudEvent vm(String source, String subject, String vmName, int key) {
        String name = URI.create(source).getHost().split("\\.")[0];
        return CloudEventBuilder.v1(VcenterEvents.vmEvent(subject, vmName, key)).withId(name + "-" + key)
                .withSource(URI.create(source)).build();
    }

    private static CloudEvent build(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("https://ci.example.com"))
                .withType("com.example.ci.build").withSubject(id)
                .withData("application/json", "{\"status\":\"passed\"}".getBytes(StandardCharsets.UTF_8)).build();
    }

    private void post(RunningRouter router, int provider, String path, CloudEvent event) throws Exception {
        WebhookProvider webhook = (WebhookProvider) router.runtime.providers().get(provider);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webhook.address().getPort() + path));
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
