package io.eventrouter.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The checkpoint document {@code cp-<host>.json}, shaped like the vCenter provider's: the last acknowledged event's id,
 * type and timestamp, plus what resuming needs exactly: its time in milliseconds and the ids taken at that time.
 */
final class CheckpointFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    static String name(String host) {
        return "cp-" + host + ".json";
    }

    static String write(Position position, String host, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("horizon", host);
        root.put("lastEventId", position.lastId());
        root.put("lastEventType", position.lastType());
        root.put("lastEventTimestamp", Instant.ofEpochMilli(position.time()).toString());
        root.put("lastEventTimeMillis", position.time());
        var ids = root.putArray("eventIdsAtLastTimestamp");
        position.idsAtTime().stream().sorted().forEach(ids::add);
        root.put("createdTimestamp", now.toString());
        return root.toString();
    }

    /** The position in a checkpoint document; empty when the document is not one. */
    static Optional<Position> read(String document) {
        try {
            JsonNode root = JSON.readTree(document);
            JsonNode time = root.path("lastEventTimeMillis");
            JsonNode ids = root.path("eventIdsAtLastTimestamp");
            if (!time.isIntegralNumber() || !ids.isArray()) {
                return Optional.empty();
            }
            Set<Long> taken = new LinkedHashSet<>();
            for (JsonNode id : ids) {
                if (!id.isIntegralNumber()) {
                    return Optional.empty();
                }
                taken.add(id.asLong());
            }
            return Optional.of(new Position(time.asLong(), taken, root.path("lastEventId").asLong(),
                    root.path("lastEventType").asText("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
