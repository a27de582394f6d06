package io.eventrouter.config.file;

import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.Location;

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

    /** The path of the plan's provider {@code index}: {@code eventProviders[index]} in v1, else {@code eventProvider}. */
    static ConfigPath providerPath(MapNode tree, int index) {
        return tree.has("eventProviders") ? ConfigPath.ROOT.field("eventProviders").index(index)
                : ConfigPath.ROOT.field("eventProvider");
    }

    /** The node of the plan's provider {@code index}, as {@link #providerPath} finds it. */
    static ConfigNode providerNode(MapNode tree, int index) {
        return tree.has("eventProviders") ? item(tree.get("eventProviders"), index) : tree.get("eventProvider");
    }

    /** Where the first of {@code nodes} that was written is; the file's start when none was. */
    static Location locate(MapNode tree, ConfigNode... nodes) {
        for (ConfigNode node : nodes) {
            if (node != null) {
                return node.location();
            }
        }
        return tree.location();
    }
}
