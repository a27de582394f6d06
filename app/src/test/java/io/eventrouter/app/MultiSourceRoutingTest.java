package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Govc;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.webhook.WebhookProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two vCenters (two vcsim instances) and a webhook feed processors with different kinds of filter: each processor
 * receives exactly the events its filter selects, in each source's order, every vCenter keeps its own checkpoint
 * file, and {@code /stats} has one entry per name. What "exactly" means is taken from a fourth processor without a
 * filter, which receives everything: the others must receive the events of its stream that their filter (written
 * again here in Java) selects, no more and no fewer.
 */
class MultiSourceRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @TempDir
    Path checkpoints;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    @Test
    void eachProcessorReceivesExactlyWhatItsFilterSelects() throws Exception {
        Vcsim vcA = closeLater(Vcsim.builder().start());
        Vcsim vcB = closeLater(Vcsim.builder().start());
        // vc-a by name, vc-b by address: two hosts, so two checkpoint files in one directory
        URI vcASdk = URI.create("https://localhost:" + vcA.port() + "/sdk");
        URI vcBSdk = vcB.sdkUrl();
        CloudEventsReceiver ci = closeLater(CloudEventsReceiver.start());
        CloudEventsReceiver prodVms = closeLater(CloudEventsReceiver.start());
        CloudEventsReceiver vcBPower = closeLater(CloudEventsReceiver.start());
        CloudEventsReceiver all = closeLater(CloudEventsReceiver.start());
        RunningRouter router = RunningRouter.start("""
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: multi-source}
                eventProviders:
                  - {type: vcenter, name: vc-a, vcenter: {address: "%s", insecureSSL: true, checkpoint: true,
                     checkpointDir: "%s", auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}}}
                  - {type: vcenter, name: vc-b, vcenter: {address: "%s", insecureSSL: true, checkpoint: true,
                     checkpointDir: "%s", auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}}}
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
                  - type: knative
                    name: all
                    knative: {destination: {uri: "%s"}}
                metricsProvider: {default: {bindAddress: "127.0.0.1:0"}}
                """.formatted(vcASdk, checkpoints, vcA.username(), vcA.password(), vcBSdk, checkpoints, vcB.username(),
                vcB.password(), ci.uri(), prodVms.uri(), vcBPower.uri(), vcBSdk, all.uri()));
        closeLater(router);
        await().atMost(Duration.ofSeconds(30)).until(() -> router.runtime.health().ready());

        Govc a = vcA.govc();
        createVm(a, "prod-web-01", true);
        a.powerOff("prod-web-01");
        a.powerOff("DC0_H0_VM0");
        post(router, build("build-1"));
        Govc b = vcB.govc();
        createVm(b, "prod-db-01", false);
        b.powerOn("prod-db-01");
        b.powerOff("DC0_H0_VM1");
        post(router, build("build-2"));
        post(router, CloudEventBuilder.v1(build("deploy-1")).withType("com.example.ci.deploy").build());
        finish(vcA);
        finish(vcB);

        // the vCenters' events arrive after the calls returned: wait for each one's last event at the reference
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(all).containsAll(List.of(
                "done " + vcA.port(), "done " + vcB.port())));
        List<CloudEvent> everything = all.events();
        assertSelects(ci, everything, event -> event.getType().equals("com.example.ci.build"));
        assertSelects(prodVms, everything, event -> vmName(event).startsWith("prod-"));
        assertSelects(vcBPower, everything, event -> event.getSource().equals(vcBSdk)
                && event.getSubject() != null && event.getSubject().startsWith("VmPowered"));

        // and the filters did select something from where they should
        assertThat(ids(ci)).containsExactly("build-1", "build-2");
        assertThat(prodVms.events()).extracting(CloudEvent::getSource).contains(vcASdk, vcBSdk);
        assertThat(vcBPower.events()).extracting(CloudEvent::getSubject)
                .contains("VmPoweredOnEvent", "VmPoweredOffEvent");

        JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(router.metrics("/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("vmware.event.router.stats");
        assertThat(stats.path("ci-hook").path("events_total").asLong()).isEqualTo(3);
        assertThat(stats.path("vc-a").path("events_total").asLong()).isEqualTo(fromSource(everything, vcASdk).size());
        assertThat(stats.has("prod-vms")).isTrue();
        assertThat(stats.has("vc-b-power")).isTrue();

        // one checkpoint file per vCenter, each at its own vCenter's last event
        router.close();
        assertThat(lastKey("cp-localhost.json")).isEqualTo(key(fromSource(everything, vcASdk).getLast()));
        assertThat(lastKey("cp-127.0.0.1.json")).isEqualTo(key(fromSource(everything, vcBSdk).getLast()));
        try (var files = Files.list(checkpoints)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("cp-localhost.json", "cp-127.0.0.1.json");
        }
    }

    /**
     * The receiver got exactly the events of {@code everything} that {@code filter} selects, with each source's
     * events in the order the reference got them (its vCenter's order).
     */
    private static void assertSelects(CloudEventsReceiver receiver, List<CloudEvent> everything,
                                      Predicate<CloudEvent> filter) {
        List<CloudEvent> expected = everything.stream().filter(filter).toList();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.events()).hasSameSizeAs(expected));
        List<CloudEvent> got = receiver.events();
        assertThat(keys(got)).containsExactlyInAnyOrderElementsOf(keys(expected));
        for (URI source : expected.stream().map(CloudEvent::getSource).distinct().toList()) {
            assertThat(keys(fromSource(got, source))).isEqualTo(keys(fromSource(expected, source)));
        }
    }

    private static void createVm(Govc govc, String name, boolean on) throws IOException, InterruptedException {
        govc.run("vm.create", "-on=" + on, "-c", "1", "-m", "512", "-host", "DC0_H0", "-net", "VM Network", name);
    }

    /** A marker that is the vCenter's last event in this test. */
    private static void finish(Vcsim vcsim) throws Exception {
        try (EventPoster poster = vcsim.eventPoster()) {
            poster.post(EventPoster.generalUserEvent("done " + vcsim.port()));
        }
    }

    private static List<CloudEvent> fromSource(List<CloudEvent> events, URI source) {
        return events.stream().filter(event -> event.getSource().equals(source)).toList();
    }

    private static List<String> keys(List<CloudEvent> events) {
        return events.stream().map(event -> event.getSource() + "#" + event.getId()).toList();
    }

    private static List<String> ids(CloudEventsReceiver receiver) {
        return receiver.events().stream().map(CloudEvent::getId).toList();
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return event.getData() == null ? JSON.nullNode() : JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }

    private static String vmName(CloudEvent event) {
        return data(event).path("Vm").path("Name").asText("");
    }

    private static List<String> messages(CloudEventsReceiver receiver) {
        return receiver.events().stream().map(event -> data(event).path("Message").asText("")).toList();
    }

    private static int key(CloudEvent event) {
        return data(event).path("Key").asInt();
    }

    private int lastKey(String file) throws IOException {
        return JSON.readTree(checkpoints.resolve(file).toFile()).path("lastEventKey").asInt();
    }

    private static CloudEvent build(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("https://ci.example.com"))
                .withType("com.example.ci.build").withSubject(id)
                .withData("application/json", "{\"status\":\"passed\"}".getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Posts to the webhook, which answers only once the event is delivered everywhere it goes. */
    private void post(RunningRouter router, CloudEvent event) throws Exception {
        WebhookProvider webhook = (WebhookProvider) router.runtime.providers().get(2);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webhook.address().getPort() + "/webhook"));
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
