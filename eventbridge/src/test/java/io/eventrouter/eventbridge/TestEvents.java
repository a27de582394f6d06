package io.eventrouter.eventbridge;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

/** vCenter-like CloudEvents as the router produces them (govmomi-style data with null pointers). */
final class TestEvents {

    private TestEvents() {
    }

    static CloudEvent vmEvent(String subject, String vmName) {
        return vmEvent(subject, vmName, 1234);
    }

    static CloudEvent vmEvent(String subject, String vmName, int key) {
        String data = """
                {"Key":%d,"ChainId":%d,"CreatedTime":"2021-11-05T13:02:32.966Z","UserName":"",
                 "Datacenter":{"Name":"dc","Datacenter":{"Type":"Datacenter","Value":"datacenter-2"}},
                 "Host":null,"Vm":{"Name":"%s","Vm":{"Type":"VirtualMachine","Value":"vm-1234"}},
                 "Ds":null,"Net":null,"Dvs":null,"FullFormattedMessage":"%s on %s","ChangeTag":""}
                """.formatted(key, key, vmName, subject, vmName);
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("https://vcenter.local/sdk"))
                .withType("com.vmware.event.router/event").withSubject(subject)
                .withTime(OffsetDateTime.parse("2021-11-05T13:02:32.966Z"))
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8))
                .withExtension("eventclass", "event")
                .withExtension("vsphereapiversion", "6.7.3")
                .build();
    }

    static CloudEvent withData(String subject, byte[] data) {
        return CloudEventBuilder.v1(vmEvent(subject, "x")).withData("application/json", data).build();
    }
}
