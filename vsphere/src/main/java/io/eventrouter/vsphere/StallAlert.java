package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.source.Mark;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The CloudEvent a stalled vCenter reader publishes when a new collector did not help either: for processors that
 * should page someone (route it with a filter on its type). One per stall: its id derives from when the stall began.
 */
final class StallAlert {

    static final String TYPE = "com.vmware.event.router.stalled";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StallAlert() {
    }

    static CloudEvent of(URI source, Mark read, Mark newest, Instant stalledSince, String user) {
        ObjectNode data = JSON.createObjectNode()
                .put("vcenter", source.toString())
                .put("user", user)
                .put("stalledSince", stalledSince.toString())
                .put("lastEventReadKey", read.sequence())
                .put("lastEventReadTime", read.time().toString())
                .put("newestEventKey", newest.sequence())
                .put("newestEventTime", newest.time().toString())
                .put("likelyCause", "the user lacks read permission on part of the vCenter inventory");
        String id = UUID.nameUUIDFromBytes((source + "#stalled#" + stalledSince).getBytes(StandardCharsets.UTF_8))
                .toString();
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(source)
                .withType(TYPE)
                .withSubject("EventReaderStalled")
                .withTime(Instant.now().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(data.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
