package io.eventrouter.http;

import io.cloudevents.CloudEventData;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventRWException;
import io.cloudevents.rw.CloudEventWriter;

import java.time.OffsetDateTime;

/** An SDK event writer whose time attributes are written by {@link EventTimeFormat}; all else goes to it as is. */
final class TimeFormattingWriter<R> implements CloudEventWriter<R> {

    private final CloudEventWriter<R> writer;

    TimeFormattingWriter(CloudEventWriter<R> writer) {
        this.writer = writer;
    }

    @Override
    public CloudEventContextWriter withContextAttribute(String name, OffsetDateTime value)
            throws CloudEventRWException {
        writer.withContextAttribute(name, EventTimeFormat.format(value));
        return this;
    }

    @Override
    public CloudEventContextWriter withContextAttribute(String name, String value) throws CloudEventRWException {
        writer.withContextAttribute(name, value);
        return this;
    }

    @Override
    public R end(CloudEventData data) throws CloudEventRWException {
        return writer.end(data);
    }

    @Override
    public R end() throws CloudEventRWException {
        return writer.end();
    }
}
