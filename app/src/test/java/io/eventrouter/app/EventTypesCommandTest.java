package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code event-types}: the catalogue, and Knative manifests that parse as YAML with the fields of Knative's
 * {@code EventType} — {@code eventing.knative.dev/v1beta3} (spec: {@code reference}, {@code description},
 * {@code attributes} of {@code name}/{@code value}/{@code required}, which must hold {@code id}, {@code source},
 * {@code specversion} and {@code type}) and {@code v1beta2} (spec: {@code type}, {@code source}, {@code schema},
 * {@code schemaData}, {@code description}, {@code reference}) — and of a {@code v1} Trigger.
 */
class EventTypesCommandTest {

    private static final Set<String> V1BETA3_SPEC = Set.of("reference", "description", "attributes");
    private static final Set<String> V1BETA2_SPEC = Set.of("type", "source", "schema", "schemaData", "broker",
            "reference", "description");
    private static final Set<String> REFERENCE = Set.of("apiVersion", "kind", "name", "namespace");

    @TempDir
    Path dir;

    @Test
    void listsTheEventClassesWithTheirDataFields() throws Exception {
        CommandRunner.Result all = CommandRunner.run("event-types");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines().count()).isGreaterThan(400);
        assertThat(all.out()).contains("VmPoweredOnEvent (event, a VmEvent): Key, ChainId, CreatedTime, UserName, "
                + "Datacenter, ComputeResource, Host, Vm, Ds, Net, Dvs, FullFormattedMessage, ChangeTag, Template");

        CommandRunner.Result matched = CommandRunner.run("event-types", "--match", "vmpowered");
        assertThat(matched.out().lines().map(line -> line.substring(0, line.indexOf(' '))).toList())
                .contains("VmPoweredOnEvent", "VmPoweredOffEvent", "DrsVmPoweredOnEvent")
                .allMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("vmpowered"));

        CommandRunner.Result one = CommandRunner.run("event-types", "VmPoweredOffEvent");
        assertThat(one.out()).contains("CloudEvent type: com.vmware.event.router/event (format router), "
                + "com.vmware.vsphere.VmPoweredOffEvent.v0 (format vsphere)")
                .contains("    Vm: VmEventArgument (may be null)").contains("    CreatedTime: time\n");

        JsonNode json = new ObjectMapper().readTree(CommandRunner.run("event-types", "--json", "--match",
                "VmPoweredOnEvent").out());
        assertThat(json).extracting(node -> node.path("base").asText()).containsExactly("VmPoweredOnEvent", "VmEvent");
        assertThat(json.get(1).path("name").asText()).isEqualTo("VmPoweredOnEvent");
        assertThat(json.get(1).path("fields").findValuesAsText("name")).contains("Vm", "Template");
    }

    @Test
    void printsAKnativeEventTypeV1beta3() {
        CommandRunner.Result result = CommandRunner.run("event-types", "--eventtype", "VmPoweredOnEvent",
                "--source", "https://vc.example.com/sdk", "--namespace", "vmware-functions");
        assertThat(result.exitCode()).as(result.err()).isZero();

        Map<String, Object> manifest = new Yaml().load(result.out());
        assertThat(manifest).containsEntry("apiVersion", "eventing.knative.dev/v1beta3")
                .containsEntry("kind", "EventType");
        assertThat(map(manifest, "metadata")).containsEntry("name", "vmpoweredonevent")
                .containsEntry("namespace", "vmware-functions");
        Map<String, Object> spec = map(manifest, "spec");
        assertThat(V1BETA3_SPEC).containsAll(spec.keySet());
        assertThat(REFERENCE).containsAll(map(spec, "reference").keySet());
        assertThat(map(spec, "reference")).containsEntry("kind", "Broker").containsEntry("name", "default");
        assertThat((String) spec.get("description")).contains("VmPoweredOnEvent").contains("Vm, Ds");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attributes = (List<Map<String, Object>>) spec.get("attributes");
        assertThat(attributes).allSatisfy(attribute -> assertThat(Set.of("name", "value", "required"))
                .containsAll(attribute.keySet()));
        assertThat(attributes).extracting(attribute -> attribute.get("name"))
                .contains("id", "source", "specversion", "type", "subject");
        assertThat(attributes).contains(
                Map.of("name", "type", "value", "com.vmware.event.router/event", "required", true),
                Map.of("name", "subject", "value", "VmPoweredOnEvent", "required", true),
                Map.of("name", "source", "value", "https://vc.example.com/sdk", "required", true),
                Map.of("name", "id", "required", true),
                Map.of("name", "specversion", "value", "1.0", "required", true));
    }

    @Test
    void printsAV1beta2EventTypeAndATriggerForTheVsphereFormat() {
        CommandRunner.Result v1beta2 = CommandRunner.run("event-types", "--eventtype", "VmPoweredOnEvent",
                "--api-version", "v1beta2", "--format", "vsphere", "--broker", "vcenter");
        Map<String, Object> eventType = new Yaml().load(v1beta2.out());
        assertThat(eventType).containsEntry("apiVersion", "eventing.knative.dev/v1beta2");
        Map<String, Object> spec = map(eventType, "spec");
        assertThat(V1BETA2_SPEC).containsAll(spec.keySet());
        assertThat(spec).containsEntry("type", "com.vmware.vsphere.VmPoweredOnEvent.v0");
        assertThat(map(spec, "reference")).containsEntry("name", "vcenter");

        CommandRunner.Result trigger = CommandRunner.run("event-types", "--trigger", "VmPoweredOnEvent",
                "--subscriber", "power-on-slack");
        Map<String, Object> manifest = new Yaml().load(trigger.out());
        assertThat(manifest).containsEntry("apiVersion", "eventing.knative.dev/v1").containsEntry("kind", "Trigger");
        Map<String, Object> triggerSpec = map(manifest, "spec");
        assertThat(triggerSpec).containsEntry("broker", "default");
        assertThat(map(map(triggerSpec, "filter"), "attributes")).isEqualTo(Map.of(
                "type", "com.vmware.event.router/event", "subject", "VmPoweredOnEvent"));
        assertThat(map(map(triggerSpec, "subscriber"), "ref")).containsEntry("kind", "Service")
                .containsEntry("name", "power-on-slack");
    }

    @Test
    void eventExIdsSeenInEventFilesAreKnownToo() throws Exception {
        Path seen = Files.writeString(dir.resolve("seen.json"), """
                {"specversion":"1.0","id":"1","source":"https://vc.example.com/sdk",
                 "type":"com.vmware.event.router/eventex","subject":"com.vmware.vc.HA.DasHostFailedEvent",
                 "datacontenttype":"application/json","data":{"Key":1,"EventTypeId":"com.vmware.vc.HA.DasHostFailedEvent"}}
                """);
        CommandRunner.Result before = CommandRunner.run("event-types", "--trigger",
                "com.vmware.vc.HA.DasHostFailedEvent");
        assertThat(before.exitCode()).isEqualTo(2);
        assertThat(before.err().strip()).startsWith("error: unknown event type com.vmware.vc.HA.DasHostFailedEvent");

        CommandRunner.Result listed = CommandRunner.run("event-types", "--events", seen.toString(), "--match", "DasHost");
        assertThat(listed.out()).contains("com.vmware.vc.HA.DasHostFailedEvent (eventex, a EventEx): Key, ChainId");

        CommandRunner.Result trigger = CommandRunner.run("event-types", "--events", seen.toString(), "--trigger",
                "com.vmware.vc.HA.DasHostFailedEvent");
        Map<String, Object> manifest = new Yaml().load(trigger.out());
        assertThat(map(manifest, "metadata")).containsEntry("name", "com-vmware-vc-ha-dashostfailedevent");
        assertThat(map(map(map(manifest, "spec"), "filter"), "attributes"))
                .containsEntry("type", "com.vmware.event.router/eventex")
                .containsEntry("subject", "com.vmware.vc.HA.DasHostFailedEvent");

        CommandRunner.Result declared = CommandRunner.run("event-types", "--id", "com.vmware.cl.Upload", "--category",
                "extendedevent", "--eventtype", "com.vmware.cl.Upload");
        assertThat(declared.exitCode()).as(declared.err()).isZero();
        assertThat(declared.out()).contains("com.vmware.event.router/extendedevent");

        CommandRunner.Result badFile = CommandRunner.run("event-types", "--events", dir.resolve("none.json").toString());
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.err().strip()).isEqualTo("error: " + dir.resolve("none.json") + ": no such file");
        assertThat(CommandRunner.run("event-types", "--eventtype", "VmPoweredOnEvent", "--api-version", "v1")
                .exitCode()).isEqualTo(2);
    }

    @Test
    void aFormatOrCategoryTheVcenterProviderDoesNotHaveIsRefusedWithTheChoices() {
        CommandRunner.Result format = CommandRunner.run("event-types", "--trigger", "VmPoweredOnEvent", "--format",
                "cloudevents");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err().strip()).isEqualTo("error: --format must be router or vsphere");

        CommandRunner.Result category = CommandRunner.run("event-types", "--id", "com.vmware.cl.Upload",
                "--category", "event");
        assertThat(category.exitCode()).isEqualTo(2);
        assertThat(category.err().strip()).isEqualTo("error: --category of an --id must be eventex or extendedevent");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }
}
