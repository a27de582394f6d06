package io.eventrouter.config;

import io.eventrouter.config.ConfigNode.MapNode;

/** Lets a {@link Validatable} record report a problem at one of its fields, with the field's path and location. */
public final class Validation {

    private final ConfigPath path;
    private final ConfigNode node;

    public Validation(ConfigPath path, ConfigNode node) {
        this.path = path;
        this.node = node;
    }

    /** A problem with the field {@code key} (where it is written, or the record itself when it is absent). */
    public ConfigException error(String key, String problem) {
        if (node instanceof MapNode map && map.has(key)) {
            return new ConfigException(path.field(key), map.get(key).location(), problem);
        }
        return new ConfigException(path.field(key), node.location(), problem);
    }

    /** A problem with item {@code index} of the list field {@code key}. */
    public ConfigException error(String key, int index, String problem) {
        if (node instanceof MapNode map && map.get(key) instanceof ConfigNode.ListNode list && index < list.items().size()) {
            return new ConfigException(path.field(key).index(index), list.items().get(index).location(), problem);
        }
        return error(key, problem);
    }

    /** A problem with the record as a whole. */
    public ConfigException error(String problem) {
        return new ConfigException(path, node.location(), problem);
    }

    public void check(boolean condition, String key, String problem) throws ConfigException {
        if (!condition) {
            throw error(key, problem);
        }
    }

    public boolean has(String key) {
        return node instanceof MapNode map && map.has(key);
    }

    public ConfigPath path() {
        return path;
    }
}
