package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.vsphere.vim25.SafeXmlReader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases vcsim cannot produce (its PostEvent only takes classes govmomi 0.24 knows); vcsim ones are in the golden test. */
class EventDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"";

    private final EventDecoder decoder = EventDecoder.bundled();

    private VimEvent decode(String xml) throws Exception {
        return decoder.decode(SafeXmlReader.parse(xml));
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aClassNewerThanTheSchemaKeepsEverythingItCarries() throws Exception {
        VimEvent event = decode("""
                <returnval %s xsi:type="VmFuturisticEvent"><key>7</key><chainId>6</chainId>\
                <createdTime>2026-01-02T03:04:05.500Z</createdTime><userName>u</userName>\
                <vm><name>vm-a</name><vm type="VirtualMachine">vm-1</vm></vm><template>false</template>\
                <gpu><model>H100</model><count>2</count></gpu><tag>a</tag><tag>b</tag>\
                <owner type="Folder">group-v3</owner><weight xsi:type="xsd:int">5</weight></returnval>""".formatted(NS));
        assertThat(event.className()).isEqualTo("VmFuturisticEvent");
        assertThat(event.category()).isEqualTo(EventCategory.EVENT);
        JsonNode data = JSON.readTree(event.data());
        assertThat(keys(data)).startsWith("Key", "ChainId", "CreatedTime", "UserName", "Datacenter",
                "ComputeResource", "Host", "Vm", "Ds", "Net", "Dvs", "FullFormattedMessage", "ChangeTag");
        assertThat(data.path("Key").isInt()).isTrue();
        assertThat(data.path("Vm").path("Vm").path("Value").asText()).isEqualTo("vm-1");
        assertThat(data.path("Template").asText()).isEqualTo("false");
        assertThat(data.path("Gpu").path("Model").asText()).isEqualTo("H100");
        assertThat(data.path("Tag").isArray()).isTrue();
        assertThat(data.path("Owner").path("Type").asText()).isEqualTo("Folder");
        assertThat(data.path("Weight").asInt()).isEqualTo(5);
    }

    @Test
    void namesEventExAndExtendedEventByTheirTypeId() throws Exception {
        VimEvent eventEx = decode("""
                <returnval %s xsi:type="EventEx"><key>1</key><chainId>1</chainId>\
                <createdTime>2026-01-02T03:04:05Z</createdTime><userName></userName>\
                <eventTypeId>com.vmware.vc.HA.Event</eventTypeId></returnval>""".formatted(NS));
        assertThat(eventEx.category()).isEqualTo(EventCategory.EVENTEX);
        assertThat(eventEx.name()).isEqualTo("com.vmware.vc.HA.Event");
        VimEvent extended = decode("""
                <returnval %s xsi:type="ExtendedEvent"><key>2</key><chainId>2</chainId>\
                <createdTime>2026-01-02T03:04:05Z</createdTime><userName></userName><message>m</message>\
                <eventTypeId>com.example.x</eventTypeId></returnval>""".formatted(NS));
        assertThat(extended.category()).isEqualTo(EventCategory.EXTENDEDEVENT);
        assertThat(extended.name()).isEqualTo("com.example.x");
        JsonNode data = JSON.readTree(extended.data());
        assertThat(data.path("ManagedObject").toString()).isEqualTo("{\"Type\":\"\",\"Value\":\"\"}");
        assertThat(data.path("Data").isNull()).isTrue();
    }

    @Test
    void aNewerSubtypeInAKnownInterfaceFieldKeepsItsExtraFields() throws Exception {
        VimEvent event = decode("""
                <returnval %s xsi:type="VmFailedToPowerOnEvent"><key>3</key><chainId>3</chainId>\
                <createdTime>2026-01-02T03:04:05Z</createdTime><userName>u</userName><template>false</template>\
                <reason><fault xsi:type="QuantumFault"><faultMessage><key>k</key><message>m</message>\
                </faultMessage><qubits>9</qubits></fault></reason></returnval>""".formatted(NS));
        JsonNode fault = JSON.readTree(event.data()).path("Reason").path("Fault");
        assertThat(keys(fault)).containsExactly("FaultCause", "FaultMessage", "Qubits");
        assertThat(fault.path("FaultMessage").get(0).path("Key").asText()).isEqualTo("k");
        assertThat(fault.path("Qubits").asText()).isEqualTo("9");
    }

    @Test
    void anEventWithoutKeyOrWithABrokenNumberCannotBeConverted() {
        assertThatThrownBy(() -> decode("""
                <returnval %s xsi:type="GeneralUserEvent"><chainId>1</chainId>\
                <createdTime>2026-01-02T03:04:05Z</createdTime></returnval>""".formatted(NS)))
                .isInstanceOf(EventConversionException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> decode("""
                <returnval %s xsi:type="VmPoweredOnEvent"><key>1</key><chainId>1</chainId>\
                <createdTime>2026-01-02T03:04:05Z</createdTime><template>perhaps</template></returnval>"""
                .formatted(NS))).isInstanceOf(EventConversionException.class).hasMessageContaining("perhaps");
    }

    @Test
    void theBundledSchemaFlattensBaseTypesFirst() {
        VimSchema schema = VimSchema.bundled();
        assertThat(schema.size()).isGreaterThan(1500);
        TypeInfo powerOff = schema.type("VmPoweredOffEvent");
        assertThat(powerOff.fields().stream().map(FieldInfo::json)).containsExactly("Key", "ChainId", "CreatedTime",
                "UserName", "Datacenter", "ComputeResource", "Host", "Vm", "Ds", "Net", "Dvs",
                "FullFormattedMessage", "ChangeTag", "Template");
        assertThat(powerOff.isA("Event")).isTrue();
        assertThat(schema.knows("ArrayOfString")).isTrue();
    }
}
