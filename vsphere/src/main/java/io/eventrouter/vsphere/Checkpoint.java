package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.vsphere.events.GoTime;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The checkpoint file {@code cp-<host>.json} with the original router's field names and order, so that files written
 * by either can be read by the other:
 * <pre>{"vCenter":"vc.local","lastEventUUID":"…","lastEventKey":1234,"lastEventType":"VmPoweredOffEvent",
 *  "lastEventKeyTimestamp":"2020-10-01T10:07:35.155Z","createdTimestamp":"2020-10-01T10:07:36.316511Z"}</pre>
 */
record Checkpoint(String vCenter, String lastEventUUID, int lastEventKey, String lastEventType,
                  OffsetDateTime lastEventKeyTimestamp, OffsetDateTime createdTimestamp) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String fileName(String host) {
        return "cp-" + host + ".json";
    }

    static Checkpoint of(String vCenter, Position position, OffsetDateTime now) {
        return new Checkpoint(vCenter, position.id(), position.key(), position.type(), position.createdTime(), now);
    }

    Position position() {
        return new Position(lastEventKey, lastEventKeyTimestamp, lastEventUUID, lastEventType);
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("vCenter", vCenter);
        node.put("lastEventUUID", lastEventUUID);
        node.put("lastEventKey", lastEventKey);
        node.put("lastEventType", lastEventType);
        node.put("lastEventKeyTimestamp", GoTime.format(lastEventKeyTimestamp));
        node.put("createdTimestamp", GoTime.format(createdTimestamp));
        return node.toString();
    }

    /**
     * Reads a checkpoint file. Empty means there is no position in it: an empty file (the original created one on
     * start) or Go's zero time, which the original wrote before the first event.
     *
     * @throws IOException when the content is not a checkpoint
     */
    static Optional<Checkpoint> parse(String content) throws IOException {
        if (content.isBlank()) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(content);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        String timestamp = node.path("lastEventKeyTimestamp").asText("");
        if (timestamp.isEmpty() || timestamp.startsWith("0001-01-01")) {
            return Optional.empty();
        }
        if (!node.path("lastEventKey").canConvertToInt()) {
            throw new IOException("lastEventKey is not a 32-bit number");
        }
        try {
            return Optional.of(new Checkpoint(node.path("vCenter").asText(""), node.path("lastEventUUID").asText(""),
                    node.path("lastEventKey").asInt(), node.path("lastEventType").asText(""),
                    GoTime.parse(timestamp), parseOrNull(node.path("createdTimestamp").asText(""))));
        } catch (DateTimeException e) {
            throw new IOException("lastEventKeyTimestamp is not a time: " + timestamp, e);
        }
    }

    private static OffsetDateTime parseOrNull(String text) {
        try {
            return text.isEmpty() ? null : GoTime.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
