package io.eventrouter.extensions;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Copies values from an event's JSON {@code data} into extension attributes. A pointer that finds nothing, null, an
 * empty string, an object or an array sets no attribute; numbers and booleans become their JSON text. Events whose
 * data is not JSON pass unchanged. Thread-safe.
 */
public final class AttributePromoter {

    private static final Logger LOG = LoggerFactory.getLogger(AttributePromoter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonPointer> pointers;

    public AttributePromoter(ExtensionAttributes attributes) {
        this.pointers = attributes.pointers();
    }

    /** The event with the promoted attributes, or the same event when there is nothing to promote. */
    public CloudEvent promote(CloudEvent event) {
        CloudEventData data = event.getData();
        if (pointers.isEmpty() || data == null || !isJson(event.getDataContentType())) {
            return event;
        }
        JsonNode document;
        try {
            document = JSON.readTree(data.toBytes());
        } catch (IOException e) {
            LOG.debug("event {} from {}: data is not JSON, no attributes promoted: {}", event.getId(),
                    event.getSource(), e.getMessage());
            return event;
        }
        if (document == null) {
            return event;
        }
        CloudEventBuilder builder = null;
        for (Map.Entry<String, JsonPointer> entry : pointers.entrySet()) {
            JsonNode value = document.at(entry.getValue());
            if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
                continue;
            }
            if (builder == null) {
                builder = CloudEventBuilder.from(event);
            }
            builder.withExtension(entry.getKey(), value.asText());
        }
        return builder == null ? event : builder.build();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json") || mediaType.equals("text/json");
    }
}
