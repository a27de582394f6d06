package io.eventrouter.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed configuration value that remembers where it was written, so errors can point at it. */
public sealed interface ConfigNode {

    Location location();

    /** What the node is, for messages: "a mapping", "a list", "a string", ... */
    String describe();

    /** A mapping. Keys keep their order and their own locations. */
    record MapNode(Location location, Map<String, Entry> entries) implements ConfigNode {

        public record Entry(String key, Location keyLocation, ConfigNode value) {
        }

        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public ConfigNode get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(Location location, List<ConfigNode> items) implements ConfigNode {

        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar exactly as written; {@code kind} says how the parser typed it. */
    record ScalarNode(Location location, String text, Kind kind) implements ConfigNode {

        public enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case DECIMAL -> "a number";
                case BOOLEAN -> "a boolean";
            };
        }
    }

    record NullNode(Location location) implements ConfigNode {

        @Override
        public String describe() {
            return "null";
        }
    }
}
