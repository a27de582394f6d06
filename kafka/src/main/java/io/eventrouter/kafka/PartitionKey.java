package io.eventrouter.kafka;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.eventrouter.filter.EventJson;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The record key of an event: its configured parts joined with '|'. Kafka's default partitioner hashes the key, so
 * events with equal keys land in one partition, where the idempotent producer keeps their order. A part that an
 * event lacks (an absent extension, a pointer into data that is not there) is empty, so such events still share a
 * key with the other events of their source.
 */
final class PartitionKey {

    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z0-9]+");

    private final List<Function<CloudEvent, String>> parts;

    private PartitionKey(List<Function<CloudEvent, String>> parts) {
        this.parts = parts;
    }

    static PartitionKey of(List<String> parts) {
        return new PartitionKey(parts.stream().map(PartitionKey::part).toList());
    }

    /**
     * One part: an attribute name, or a JSON pointer into the data.
     *
     * @throws IllegalArgumentException when it is neither
     */
    static Function<CloudEvent, String> part(String text) {
        if (text.startsWith("/")) {
            JsonPointer pointer;
            try {
                pointer = JsonPointer.compile(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a JSON pointer: " + e.getMessage());
            }
            return event -> pointed(EventJson.dataOf(event), pointer);
        }
        if (!ATTRIBUTE.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is neither an attribute name (lower-case letters and "
                    + "digits) nor a JSON pointer into the data (/Vm/Vm/Value)");
        }
        return event -> attribute(event, text);
    }

    byte[] of(CloudEvent event) {
        if (parts.size() == 1) {
            return parts.getFirst().apply(event).getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder key = new StringBuilder();
        for (Function<CloudEvent, String> part : parts) {
            if (!key.isEmpty()) {
                key.append('|');
            }
            key.append(part.apply(event));
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String attribute(CloudEvent event, String name) {
        Object value = event.getAttributeNames().contains(name) ? event.getAttribute(name) : event.getExtension(name);
        return value == null ? "" : value.toString();
    }

    private static String pointed(JsonNode data, JsonPointer pointer) {
        JsonNode value = data == null ? null : data.at(pointer);
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
