package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Small CloudEvents for router tests. */
final class TestEvents {

    private TestEvents() {
    }

    static CloudEvent event(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType("test.event")
                .withSubject("Subject" + id).withDataContentType("application/json")
                .withData(("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)).build();
    }
}
