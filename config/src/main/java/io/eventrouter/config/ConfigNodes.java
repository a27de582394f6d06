package io.eventrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNode.NullNode;
import io.eventrouter.config.ConfigNode.ScalarNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between {@link ConfigNode} trees and Jackson trees, and helpers to build trees in code. */
public final class ConfigNodes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConfigNodes() {
    }

    public static JsonNode toJson(ConfigNode node) {
        return switch (node) {
            case NullNode ignored -> JSON.nullNode();
            case ListNode list -> {
                ArrayNode array = JSON.arrayNode();
                list.items().forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case MapNode map -> {
                ObjectNode object = JSON.objectNode();
                map.entries().forEach((key, entry) -> object.set(key, toJson(entry.value())));
                yield object;
            }
            case ScalarNode scalar -> switch (scalar.kind()) {
                case STRING -> JSON.textNode(scalar.text());
                case BOOLEAN -> JSON.booleanNode(Boolean.parseBoolean(scalar.text().toLowerCase(java.util.Locale.ROOT)));
                case INTEGER -> JSON.numberNode(new BigInteger(scalar.text()));
                case DECIMAL -> JSON.numberNode(new BigDecimal(scalar.text()));
            };
        };
    }

    /** A mapping built in code; {@code at} is the location errors about it will point to. */
    public static MapNode map(Location at, Map<String, ConfigNode> entries) {
        Map<String, MapNode.Entry> built = new LinkedHashMap<>();
        entries.forEach((key, value) -> built.put(key, new MapNode.Entry(key, value.location(), value)));
        return new MapNode(at, built);
    }

    /** A mapping of alternating keys and nodes, in that order. */
    public static MapNode map(Location at, Object... keysAndNodes) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (int i = 0; i < keysAndNodes.length; i += 2) {
            entries.put((String) keysAndNodes[i], (ConfigNode) keysAndNodes[i + 1]);
        }
        return map(at, entries);
    }

    public static ListNode list(Location at, List<ConfigNode> items) {
        return new ListNode(at, items);
    }

    public static ScalarNode string(Location at, String text) {
        return new ScalarNode(at, text, ScalarNode.Kind.STRING);
    }

    public static ScalarNode bool(Location at, boolean value) {
        return new ScalarNode(at, Boolean.toString(value), ScalarNode.Kind.BOOLEAN);
    }
}
