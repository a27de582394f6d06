package io.eventrouter.testing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

/** vCenter CloudEvents as the router produces them (govmomi-style data with null pointers), for processor tests. */
public final class VcenterEvents {

    private VcenterEvents() {
    }

    /** A VM event with this subject (e.g. {@code VmPoweredOnEvent}), VM name and event key; a fresh id each time. */
    public static CloudEvent vmEvent(String subject, String vmName, int key) {
        String data = """
                {"Key":%d,"ChainId":%d,"CreatedTime":"2021-11-05T13:02:32.966Z","UserName":"",
                 "Datacenter":{"Name":"dc","Datacenter":{"Type":"Datacenter","Value":"datacenter-2"}},
                 "Host":null,"Vm":{"Name":"%s","Vm":{"Type":"VirtualMachine","Value":"vm-1234"}},
                 "Ds":null,"Net":null,"Dvs":null,"FullFormattedMessage":"%s on %s","ChangeTag":""}
                """.formatted(key, key, vmName, subject, vmName);
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("https://vcenter.local/sdk"))
                .withType("com.vmware.event.router/event")
                .withTime(OffsetDateTime.parse("2021-11-05T13:02:32.966Z"))
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8))
                .withExtension("eventclass", "event")
                .withExtension("vsphereapiversion", "6.7.3");
        if (subject != null) {
            builder.withSubject(subject);
        }
        return builder.build();
    }

    public static CloudEvent vmEvent(String subject, String vmName) {
        return vmEvent(subject, vmName, 1234);
    }
}
