package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventRWException;
import io.cloudevents.rw.CloudEventWriter;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's event builder, into which the SDK's binary-mode reader writes a request's event, with the two attributes
 * whose parsing cost most read more cheaply: {@code time} by {@link EventTimes}, and {@code source}, which a sender
 * repeats on every event, parsed once into its {@link URI} (immutable, so shared) and reused.
 */
final class BinaryEventBuilder implements CloudEventWriter<CloudEvent> {

    private static final String TIME = "time";
    private static final String SOURCE = "source";
    /** Enough for the senders of one router; sources beyond it are parsed every time. */
    private static final int MAX_KNOWN_SOURCES = 1024;
    private static final Map<String, URI> KNOWN_SOURCES = new ConcurrentHashMap<>();

    private final CloudEventBuilder builder;

    BinaryEventBuilder(SpecVersion version) {
        this.builder = CloudEventBuilder.fromSpecVersion(version);
    }

    @Override
    public CloudEventContextWriter withContextAttribute(String name, String value) throws CloudEventRWException {
        if (TIME.equals(name)) {
            builder.withContextAttribute(name, EventTimes.parse(name, value));
        } else if (SOURCE.equals(name)) {
            builder.withContextAttribute(name, source(value));
        } else {
            builder.withContextAttribute(name, value);
        }
        return this;
    }

    private URI source(String value) {
        URI known = KNOWN_SOURCES.get(value);
        if (known != null) {
            return known;
        }
        URI parsed;
        try {
            parsed = new URI(value);
        } catch (URISyntaxException e) {
            throw CloudEventRWException.newInvalidAttributeValue(SOURCE, value, e); // as the SDK refuses it
        }
        if (KNOWN_SOURCES.size() < MAX_KNOWN_SOURCES) {
            KNOWN_SOURCES.putIfAbsent(value, parsed);
        }
        return parsed;
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
