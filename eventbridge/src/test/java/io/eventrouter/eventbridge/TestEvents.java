package io.eventrouter.eventbridge;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.testing.VcenterEvents;

/** Events of a chosen size for the request-size tests. */
final class TestEvents {

    private TestEvents() {
    }

    static CloudEvent withData(String subject, byte[] data) {
        return CloudEventBuilder.v1(VcenterEvents.vmEvent(subject, "x")).withData("application/json", data).build();
    }
}
