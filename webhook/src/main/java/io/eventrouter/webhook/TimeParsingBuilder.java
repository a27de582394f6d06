package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventRWException;
import io.cloudevents.rw.CloudEventWriter;

/**
 * The SDK's event builder, with {@code time} parsed by {@link EventTimes}: what the SDK's binary-mode reader writes
 * into when it reads a request.
 */
final class TimeParsingBuilder implements CloudEventWriter<CloudEvent> {

    private static final String TIME = "time";

    private final CloudEventBuilder builder;

    TimeParsingBuilder(SpecVersion version) {
        this.builder = CloudEventBuilder.fromSpecVersion(version);
    }

    @Override
    public CloudEventContextWriter withContextAttribute(String name, String value) throws CloudEventRWException {
        if (TIME.equals(name)) {
            builder.withContextAttribute(name, EventTimes.parse(name, value));
        } else {
            builder.withContextAttribute(name, value);
        }
        return this;
    }

    @Override
    public CloudEvent end(CloudEventData data) throws CloudEventRWException {
        return builder.end(data);
    }

    @Override
    public CloudEvent end() throws CloudEventRWException {
        return builder.end();
    }
}
