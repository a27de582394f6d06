package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.vsphere.VcsimHistory;
import io.eventrouter.vsphere.events.EventTypeCatalogue.DataField;
import io.eventrouter.vsphere.events.EventTypeCatalogue.EventType;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeCatalogueTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void listsEveryEventClassOfTheBundledSchemaWithItsDataFields() {
        EventTypeCatalogue catalogue = EventTypeCatalogue.bundled();

        assertThat(catalogue.types()).hasSizeGreaterThan(400)
                .allSatisfy(type -> assertThat(type.fields()).extracting(DataField::name)
                        .startsWith("Key", "ChainId", "CreatedTime", "UserName"));
        EventType poweredOn = catalogue.find("vmpoweredonevent").orElseThrow();
        assertThat(poweredOn.name()).isEqualTo("VmPoweredOnEvent");
        assertThat(poweredOn.base()).isEqualTo("VmEvent");
        assertThat(poweredOn.category()).isEqualTo(EventCategory.EVENT);
        assertThat(poweredOn.fields()).contains(new DataField("Vm", "VmEventArgument", false, true),
                new DataField("CreatedTime", "time", false, false), new DataField("Key", "integer", false, false),
                new DataField("Template", "boolean", false, false));
        assertThat(poweredOn.cloudEventType(CloudEventFormat.ROUTER)).isEqualTo("com.vmware.event.router/event");
        assertThat(poweredOn.cloudEventType(CloudEventFormat.VSPHERE))
                .isEqualTo("com.vmware.vsphere.VmPoweredOnEvent.v0");
        assertThat(catalogue.find("EventEx").orElseThrow().fields()).extracting(DataField::name)
                .contains("EventTypeId", "Severity", "Arguments");
        assertThat(catalogue.find("NoSuchEvent")).isEmpty();
        assertThat(catalogue.types()).extracting(EventType::name).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }

    @Test
    void addsTheEventExAndExtendedEventIdsSeenInEitherFormat() {
        CloudEvent routerFormat = event("com.vmware.event.router/eventex", "com.vmware.vc.HA.DasHostFailedEvent");
        CloudEvent vsphereFormat = CloudEventBuilder.v1(event("com.vmware.vsphere.com.vmware.cl.Upload.v0",
                "com.vmware.cl.Upload")).withExtension("eventclass", "extendedevent").build();
        CloudEvent plainClass = event("com.vmware.event.router/event", "VmPoweredOnEvent");
        CloudEvent notVcenter = event("com.example.ci.build", "build-1");

        EventTypeCatalogue catalogue = EventTypeCatalogue.bundled()
                .withIdsSeenIn(List.of(routerFormat, vsphereFormat, plainClass, notVcenter))
                .withId("com.vmware.vc.vcp.VmNoNetworkIsolationEvent", EventCategory.EVENTEX);

        EventType ha = catalogue.find("com.vmware.vc.HA.DasHostFailedEvent").orElseThrow();
        assertThat(ha.category()).isEqualTo(EventCategory.EVENTEX);
        assertThat(ha.base()).isEqualTo("EventEx");
        assertThat(ha.fields()).isEqualTo(catalogue.find("EventEx").orElseThrow().fields());
        assertThat(ha.cloudEventType(CloudEventFormat.ROUTER)).isEqualTo("com.vmware.event.router/eventex");
        EventType upload = catalogue.find("com.vmware.cl.Upload").orElseThrow();
        assertThat(upload.category()).isEqualTo(EventCategory.EXTENDEDEVENT);
        assertThat(upload.fields()).isEqualTo(catalogue.find("ExtendedEvent").orElseThrow().fields());
        assertThat(catalogue.find("com.vmware.vc.vcp.VmNoNetworkIsolationEvent")).isPresent();
        assertThat(catalogue.find("build-1")).isEmpty();
        assertThat(catalogue.types()).hasSize(EventTypeCatalogue.bundled().types().size() + 3);
    }

    /** The fields listed for a class are exactly the keys of govmomi's JSON of such an event, in order. */
    @Test
    void theFieldsAreTheKeysOfGovmomisJsonOfEachEventOfAVcsimHistory() throws Exception {
        EventTypeCatalogue catalogue = EventTypeCatalogue.bundled();
        TreeSet<String> classes = new TreeSet<>();
        try (Vcsim vcsim = Vcsim.builder().start()) {
            VcsimHistory.generate(vcsim);
            for (String line : vcsim.evjson()) {
                JsonNode node = MAPPER.readTree(line);
                String className = node.path("eventType").asText();
                List<String> keys = new ArrayList<>();
                node.path("event").fieldNames().forEachRemaining(keys::add);
                assertThat(catalogue.find(className)).as(className).hasValueSatisfying(type ->
                        assertThat(type.fields()).extracting(DataField::name).as(className).isEqualTo(keys));
                classes.add(className);
            }
        }
        assertThat(classes).hasSizeGreaterThanOrEqualTo(15).contains("EventEx", "ExtendedEvent", "VmPoweredOffEvent");
    }

    private static CloudEvent event(String type, String subject) {
        return CloudEventBuilder.v1().withId("1").withSource(URI.create("https://vc.example.com/sdk"))
                .withType(type).withSubject(subject).build();
    }
}
