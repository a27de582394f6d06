package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.eventrouter.vsphere.events.GoTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The CloudEvent attributes of both formats, for events read by the provider from vcsim. */
class CloudEventFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vcsim vcsim;
    private static Instant historyStart;

    @TempDir
    Path temp;

    @BeforeAll
    static void history() throws Exception {
        vcsim = Vcsim.builder().args("-api-version", "8.0.2.0").start();
        historyStart = Instant.now();
        vcsim.govc().powerOff("DC0_H0_VM0");
        try (EventPoster poster = vcsim.eventPoster()) {
            poster.post(EventPoster.eventEx("com.vmware.vc.test.CustomEvent", "warning", "custom", null));
            poster.post(EventPoster.extendedEvent("com.vmware.applmgmt.backup.job.failed.event", "failed",
                    new EventPoster.Ref("Folder", "group-d1"), List.of()));
            poster.post(EventPoster.generalUserEvent("last"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vcsim.close();
    }

    /** Reads the whole history above with a provider resuming from a checkpoint written before it. */
    private List<CloudEvent> read(CloudEventFormat format, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cp-127.0.0.1.json"), """
                {"vCenter":"127.0.0.1","lastEventUUID":"","lastEventKey":0,"lastEventType":"",\
                "lastEventKeyTimestamp":"%s","createdTimestamp":"%s"}"""
                .formatted(GoTime.format(historyStart.plusSeconds(1)), GoTime.format(Instant.now())));
        ProviderHarness.Config config = ProviderHarness.config(vcsim).checkpoints(dir);
        config.format = format;
        try (ProviderHarness harness = new ProviderHarness(config.build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> VCenterProviderTest.messages(harness).contains("last"));
            return List.copyOf(harness.processor.delivered);
        }
    }

    @Test
    void routerFormatIsTheOriginalRoutersAndItsIdsAreStable() throws Exception {
        List<CloudEvent> events = read(CloudEventFormat.ROUTER, temp.resolve("a"));
        Map<String, CloudEvent> bySubject = bySubject(events);
        URI source = vcsim.sdkUrl();

        CloudEvent powerOff = bySubject.get("VmPoweredOffEvent");
        assertThat(powerOff.getType()).isEqualTo("com.vmware.event.router/event");
        assertThat(powerOff.getSource()).isEqualTo(source);
        assertThat(powerOff.getDataContentType()).isEqualTo("application/json");
        assertThat(powerOff.getExtension("vsphereapiversion")).isEqualTo("8.0.2.0");
        assertThat(powerOff.getExtensionNames()).containsExactly("vsphereapiversion");
        JsonNode data = JSON.readTree(powerOff.getData().toBytes());
        assertThat(GoTime.format(powerOff.getTime())).isEqualTo(data.path("CreatedTime").asText());
        assertThat(powerOff.getId()).isEqualTo(UUID.nameUUIDFromBytes((source + "#" + data.path("Key").asInt()
                + "#" + data.path("CreatedTime").asText()).getBytes(StandardCharsets.UTF_8)).toString());

        assertThat(bySubject.get("com.vmware.vc.test.CustomEvent").getType())
                .isEqualTo("com.vmware.event.router/eventex");
        assertThat(bySubject.get("com.vmware.applmgmt.backup.job.failed.event").getType())
                .isEqualTo("com.vmware.event.router/extendedevent");

        // read again from the same point (the history has grown by the first reader's session events meanwhile)
        Map<Integer, String> idsByKey = idsByKey(events);
        Map<Integer, String> againByKey = idsByKey(read(CloudEventFormat.ROUTER, temp.resolve("b")));
        assertThat(againByKey).containsAllEntriesOf(idsByKey);
    }

    @Test
    void vsphereFormatIsVeba08s() throws Exception {
        Map<String, CloudEvent> bySubject = bySubject(read(CloudEventFormat.VSPHERE, temp));

        CloudEvent powerOff = bySubject.get("VmPoweredOffEvent");
        assertThat(powerOff.getType()).isEqualTo("com.vmware.vsphere.VmPoweredOffEvent.v0");
        assertThat(powerOff.getExtension("eventclass")).isEqualTo("event");
        assertThat(powerOff.getExtension("vsphereapiversion")).isEqualTo("8.0.2.0");
        assertThat(powerOff.getId()).isEqualTo(JSON.readTree(powerOff.getData().toBytes()).path("Key").asText());
        assertThat(powerOff.getSource()).isEqualTo(vcsim.sdkUrl());

        CloudEvent eventEx = bySubject.get("com.vmware.vc.test.CustomEvent");
        assertThat(eventEx.getType()).isEqualTo("com.vmware.vsphere.com.vmware.vc.test.CustomEvent.v0");
        assertThat(eventEx.getExtension("eventclass")).isEqualTo("eventex");
        CloudEvent extended = bySubject.get("com.vmware.applmgmt.backup.job.failed.event");
        assertThat(extended.getType()).isEqualTo("com.vmware.vsphere.com.vmware.applmgmt.backup.job.failed.event.v0");
        assertThat(extended.getExtension("eventclass")).isEqualTo("extendedevent");
    }

    private static Map<Integer, String> idsByKey(List<CloudEvent> events) {
        return events.stream().collect(Collectors.toMap(ProviderHarness::key, CloudEvent::getId));
    }

    private static Map<String, CloudEvent> bySubject(List<CloudEvent> events) {
        return events.stream().collect(Collectors.toMap(CloudEvent::getSubject, Function.identity(), (a, b) -> a));
    }
}
