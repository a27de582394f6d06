package io.eventrouter.config.file;

import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;

/** Steps into a configuration's tree where a field or item may be missing (then {@code null}), for error locations. */
final class ConfigTree {

    private ConfigTree() {
    }

    static ConfigNode field(ConfigNode node, String key) {
        return node instanceof MapNode map ? map.get(key) : null;
    }

    static ConfigNode item(ConfigNode node, int index) {
        return node instanceof ListNode list && index < list.items().size() ? list.items().get(index) : null;
    }
}
