package io.eventrouter.config.file;

import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNodes;
import io.eventrouter.config.ConfigNode.ScalarNode;
import io.eventrouter.config.Location;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * Turns a v1alpha1 tree (read from YAML or converted from the original's JSON) into the equivalent eventrouter.io/v1
 * tree: the one provider and the one processor become one-item lists, each with a name (its own, else its type; a
 * clash gets the suffix {@code -processor}). No filters are added, so every event still goes to the processor.
 * Nodes keep their locations, so a problem found later still points into the original file.
 */
final class V1Converter {

    private V1Converter() {
    }

    static MapNode fromV1alpha1(MapNode v1alpha1) {
        Location top = v1alpha1.location();
        Map<String, ConfigNode> root = new LinkedHashMap<>();
        root.put("apiVersion", ConfigNodes.string(top, ApiVersion.V1.wireName()));
        root.put("kind", ConfigNodes.string(top, ConfigKind.ROUTER_CONFIG.wireName()));
        copy(v1alpha1, "metadata", root);
        Set<String> names = new HashSet<>();
        MapNode provider = named((MapNode) v1alpha1.get("eventProvider"), names, "provider");
        MapNode processor = named((MapNode) v1alpha1.get("eventProcessor"), names, "processor");
        root.put("eventProviders", ConfigNodes.list(provider.location(), List.of(provider)));
        root.put("eventProcessors", ConfigNodes.list(processor.location(), List.of(processor)));
        copy(v1alpha1, "metricsProvider", root);
        copy(v1alpha1, "certificates", root);
        copy(v1alpha1, "highAvailability", root);
        return ConfigNodes.map(top, root);
    }

    private static void copy(MapNode from, String key, Map<String, ConfigNode> to) {
        if (from.has(key)) {
            to.put(key, from.get(key));
        }
    }

    /** The entry with {@code name} right after {@code type}, unique among {@code taken}. */
    private static MapNode named(MapNode entry, Set<String> taken, String role) {
        String name = entry.get("name") instanceof ScalarNode scalar && !scalar.text().isBlank() ? scalar.text()
                : ((ScalarNode) entry.get("type")).text();
        if (!taken.add(name)) {
            name = name + "-" + role;
            taken.add(name);
        }
        Location at = entry.has("name") ? entry.get("name").location() : entry.location();
        Map<String, ConfigNode> fields = new LinkedHashMap<>();
        fields.put("type", entry.get("type"));
        fields.put("name", ConfigNodes.string(at, name));
        entry.entries().forEach((key, value) -> fields.putIfAbsent(key, value.value()));
        return ConfigNodes.map(entry.location(), fields);
    }
}
