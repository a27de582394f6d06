package io.eventrouter.vsphere.events;

import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 5: {@code format: vsphere} has VSphereSource's attributes, plus {@code subject} — deliberately (README,
 * "Compared with the original"): OpenFaaS topics, EventBridge's DetailType, {@code /stats} and subject filters key on
 * it. It carries nothing a VSphereSource consumer lacks: it is the class (or {@code eventTypeId}) that {@code type}
 * already names, so triggers and functions written for VSphereSource (which read {@code type}) see the same event.
 */
class Item5VsphereFormatTest {

    private static final URI SOURCE = URI.create("https://vc.example.com/sdk");

    private static CloudEvent convert(EventCategory category, String name) {
        VimEvent event = new VimEvent(category == EventCategory.EVENT ? name : "EventEx", category, name, 16957152,
                OffsetDateTime.parse("2023-11-27T10:00:08.715999Z"), "{\"Key\":16957152}".getBytes(StandardCharsets.UTF_8));
        return new CloudEventConverter(SOURCE, "8.0.2.0", CloudEventFormat.VSPHERE).convert(event);
    }

    @Test
    void item5_vsphereFormatIsVSphereSourcesPlusTheSubjectItsTypeNames() {
        for (String name : new String[]{"DrsVmPoweredOnEvent", "com.vmware.vc.vm.VmStateRevertedToSnapshot"}) {
            CloudEvent event = convert(name.contains(".") ? EventCategory.EVENTEX : EventCategory.EVENT, name);

            assertThat(event.getAttributeNames())
                    .containsExactlyInAnyOrder("specversion", "id", "source", "type", "datacontenttype", "time",
                            "subject");
            assertThat(event.getExtensionNames()).isEqualTo(Set.of("eventclass", "vsphereapiversion"));
            assertThat(event.getType()).isEqualTo("com.vmware.vsphere." + name + ".v0");
            assertThat(event.getId()).isEqualTo("16957152");
            assertThat(event.getSource()).isEqualTo(SOURCE);
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            // the one addition, derived from type: "com.vmware.vsphere.<subject>.v0"
            assertThat(event.getType()).isEqualTo("com.vmware.vsphere." + event.getSubject() + ".v0");
        }
    }
}
