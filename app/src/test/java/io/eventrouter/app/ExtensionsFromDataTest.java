package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Govc;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The vcenter preset of {@code extensions} against vcsim: with it, a Knative Trigger-like attribute filter
 * ({@code exact: {vmname: …}}) selects exactly the events about that VM, as the data says; without it, events keep
 * the original's attributes. Every processor here is a knative one, so the attributes cross the wire as
 * {@code ce-} headers and are read back by the CloudEvents SDK.
 */
class ExtensionsFromDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PRESET = Set.of("vmname", "vmid", "hostname", "cluster", "datacenter",
            "datastore", "username");

    private final List<AutoCloseable> closing = new ArrayList<>();

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
    void withThePresetOnTheProviderAnAttributeFilterSelectsTheVmsEvents() throws Exception {
        Vcsim vcsim = closeLater(Vcsim.builder().start());
        CloudEventsReceiver web01 = closeLater(CloudEventsReceiver.start());
        CloudEventsReceiver all = closeLater(CloudEventsReceiver.start());
        startRouter(vcsim, "extensions: vcenter", """
                  - type: knative
                    name: web-01
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - exact: {vmname: web-01}
                  - type: knative
                    name: all
                    knative: {destination: {uri: "%s"}}
                """.formatted(web01.uri(), all.uri()));

        List<CloudEvent> everything = makeActivity(vcsim, all);

        List<CloudEvent> expected = everything.stream().filter(event -> vmName(event).equals("web-01")).toList();
        assertThat(expected).extracting(CloudEvent::getSubject)
                .contains("VmCreatedEvent", "VmPoweredOffEvent", "VmPoweredOnEvent");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(web01.events()).hasSameSizeAs(expected));
        assertThat(web01.events()).extracting(CloudEvent::getId)
                .containsExactlyElementsOf(expected.stream().map(CloudEvent::getId).toList());
        for (CloudEvent event : web01.events()) {
            assertThat(event.getExtension("vmname")).isEqualTo("web-01");
            assertThat(event.getExtension("vmid")).isEqualTo(data(event).path("Vm").path("Vm").path("Value").asText());
            assertThat(event.getExtension("datacenter")).isEqualTo("DC0");
        }
        // every event got the attributes its data has, and only those
        for (CloudEvent event : everything) {
            assertThat(event.getExtension("vmname")).isEqualTo(blankToNull(vmName(event)));
            assertThat(event.getExtension("hostname"))
                    .isEqualTo(blankToNull(data(event).path("Host").path("Name").asText("")));
        }
        assertThat(everything).anySatisfy(event -> assertThat(event.getExtension("vmname")).isNull());
    }

    @Test
    void withoutItEventsKeepTheOriginalsAttributesAndAProcessorCanOptIn() throws Exception {
        Vcsim vcsim = closeLater(Vcsim.builder().start());
        CloudEventsReceiver original = closeLater(CloudEventsReceiver.start());
        CloudEventsReceiver web01 = closeLater(CloudEventsReceiver.start());
        startRouter(vcsim, "", """
                  - type: knative
                    name: original
                    knative: {destination: {uri: "%s"}}
                  - type: knative
                    name: web-01
                    extensions: vcenter
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - exact: {vmname: web-01}
                """.formatted(original.uri(), web01.uri()));

        List<CloudEvent> everything = makeActivity(vcsim, original);

        // the original's format: type, subject, id, source, time, JSON data and vsphereapiversion, nothing more
        assertThat(everything).allSatisfy(event -> {
            assertThat(event.getExtensionNames()).containsExactly("vsphereapiversion");
            assertThat(event.getType()).startsWith("com.vmware.event.router/");
        });
        List<CloudEvent> expected = everything.stream().filter(event -> vmName(event).equals("web-01")).toList();
        assertThat(expected).isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(web01.events()).hasSameSizeAs(expected));
        Map<String, CloudEvent> originals = everything.stream()
                .collect(Collectors.toMap(CloudEvent::getId, Function.identity()));
        assertThat(web01.events()).extracting(CloudEvent::getId)
                .containsExactlyElementsOf(expected.stream().map(CloudEvent::getId).toList());
        for (CloudEvent promoted : web01.events()) {
            CloudEvent before = originals.get(promoted.getId());
            assertThat(promoted.getData().toBytes()).isEqualTo(before.getData().toBytes());
            assertThat(promoted.getSubject()).isEqualTo(before.getSubject());
            Set<String> added = new HashSet<>(promoted.getExtensionNames());
            added.removeAll(before.getExtensionNames());
            assertThat(PRESET).containsAll(added);
            assertThat(added).contains("vmname", "hostname", "datacenter");
        }
    }

    private void startRouter(Vcsim vcsim, String providerExtra, String processors) throws Exception {
        RunningRouter router = closeLater(RunningRouter.start("""
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: extensions}
                eventProviders:
                  - type: vcenter
                    name: vc
                    %s
                    vcenter: {address: "%s", insecureSSL: true,
                              auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}}
                eventProcessors:
                %s
                metricsProvider: {default: {bindAddress: "127.0.0.1:0"}}
                """.formatted(providerExtra, vcsim.sdkUrl(), vcsim.username(), vcsim.password(), processors)));
        await().atMost(Duration.ofSeconds(30)).until(() -> router.runtime.health().ready());
    }

    /** Two new VMs and power operations on them and on a VM of the inventory; returns all events, up to a marker. */
    private static List<CloudEvent> makeActivity(Vcsim vcsim, CloudEventsReceiver reference) throws Exception {
        Govc govc = vcsim.govc();
        for (String vm : List.of("web-01", "web-02")) {
            govc.run("vm.create", "-on=false", "-c", "1", "-m", "512", "-host", "DC0_H0", "-net", "VM Network", vm);
        }
        govc.powerOn("web-01");
        govc.powerOn("web-02");
        govc.powerOff("web-01");
        govc.powerOff("DC0_H0_VM0");
        String marker = "done " + vcsim.port();
        try (EventPoster poster = vcsim.eventPoster()) {
            poster.post(EventPoster.generalUserEvent(marker));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> reference.events().stream()
                .anyMatch(event -> data(event).path("Message").asText("").equals(marker)));
        return reference.events();
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

    private static String blankToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
