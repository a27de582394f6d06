package io.eventrouter.extensions;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.References;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtensionAttributesTest {

    private static final String VM_EVENT = """
            {"Key":7,"CreatedTime":"2026-12-01T10:00:00Z","UserName":"VSPHERE.LOCAL\\\\alice",
             "Datacenter":{"Name":"DC0","Datacenter":{"Type":"Datacenter","Value":"datacenter-2"}},
             "ComputeResource":{"Name":"DC0_C0"},"Host":{"Name":"DC0_H0"},
             "Vm":{"Name":"web-01","Vm":{"Type":"VirtualMachine","Value":"vm-42"}},
             "Ds":null,"Net":null,"Count":3,"Template":false,"Tags":["a"]}""";

    private static ExtensionAttributes bind(String yaml) throws ConfigException {
        return new Binder(References.system()).bind(ConfigTreeReader.read(yaml), ExtensionAttributes.class,
                ConfigPath.ROOT.field("extensions"));
    }

    private static CloudEvent event(String data, String contentType) {
        return CloudEventBuilder.v1().withId("1").withSource(URI.create("/vc")).withType("t")
                .withExtension("vsphereapiversion", "8.0.2")
                .withDataContentType(contentType).withData(data.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void theVcenterPresetPromotesTheEntityNamesAndTheUser() throws Exception {
        ExtensionAttributes preset = bind("vcenter");
        assertThat(preset.preset()).isEqualTo("vcenter");
        assertThat(preset.pointers()).containsOnlyKeys("vmname", "vmid", "hostname", "cluster", "datacenter",
                "datastore", "username");

        CloudEvent original = event(VM_EVENT, "application/json");
        CloudEvent promoted = new AttributePromoter(preset).promote(original);

        assertThat(promoted.getExtension("vmname")).isEqualTo("web-01");
        assertThat(promoted.getExtension("vmid")).isEqualTo("vm-42");
        assertThat(promoted.getExtension("hostname")).isEqualTo("DC0_H0");
        assertThat(promoted.getExtension("cluster")).isEqualTo("DC0_C0");
        assertThat(promoted.getExtension("datacenter")).isEqualTo("DC0");
        assertThat(promoted.getExtension("username")).isEqualTo("VSPHERE.LOCAL\\alice");
        assertThat(promoted.getExtensionNames()).doesNotContain("datastore"); // null in data: no attribute
        // everything else is the event as it was
        assertThat(promoted.getExtension("vsphereapiversion")).isEqualTo("8.0.2");
        assertThat(promoted.getId()).isEqualTo(original.getId());
        assertThat(promoted.getData().toBytes()).isEqualTo(original.getData().toBytes());
    }

    @Test
    void scalarsBecomeTextAndObjectsArraysEmptyStringsAndMissingValuesSetNothing() throws Exception {
        ExtensionAttributes attributes = bind("""
                count: /Count
                template: /Template
                vm: /Vm
                tags: /Tags
                missing: /No/Such
                """);
        CloudEvent promoted = new AttributePromoter(attributes).promote(event(VM_EVENT, null));
        assertThat(promoted.getExtension("count")).isEqualTo("3");
        assertThat(promoted.getExtension("template")).isEqualTo("false");
        assertThat(promoted.getExtensionNames()).doesNotContain("vm", "tags", "missing");

        CloudEvent emptyUser = event("{\"UserName\":\"\"}", "application/json");
        assertThat(new AttributePromoter(bind("vcenter")).promote(emptyUser)).isSameAs(emptyUser);
    }

    @Test
    void eventsWithoutJsonDataPassUnchanged() throws Exception {
        AttributePromoter promoter = new AttributePromoter(bind("vcenter"));
        CloudEvent text = event("Vm web-01", "text/plain");
        CloudEvent broken = event("{\"Vm\":", "application/json");
        assertThat(promoter.promote(text)).isSameAs(text);
        assertThat(promoter.promote(broken)).isSameAs(broken);
    }

    @Test
    void namesAndPointersAreCheckedAtLoadWithThePathAndReason() {
        assertThatThrownBy(() -> bind("vmName: /Vm/Name"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("extensions.vmName")
                .hasMessageContaining("lower-case letters a-z and digits 0-9");
        assertThatThrownBy(() -> bind("vm_name: /Vm/Name"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> bind("subject: /Vm/Name"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("context attribute");
        assertThatThrownBy(() -> bind("vmname: Vm/Name"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("extensions.vmname")
                .hasMessageContaining("starts with \"/\"");
        assertThatThrownBy(() -> bind("vcentre"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown preset \"vcentre\"");
        assertThatThrownBy(() -> bind("- a\n- b\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("got a list");
    }
}
