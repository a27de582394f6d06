package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;

/** What eventrouter.io/v1 adds to a provider or processor entry: a required {@code name}. */
final class NamedEntries {

    private NamedEntries() {
    }

    /** Refuses an entry without a name before anything else is bound, so the message is about the name. */
    static void requireName(ConfigNode node, ConfigPath path, String what) throws ConfigException {
        if (node instanceof ConfigNode.MapNode map && !map.has("name")) {
            throw new ConfigException(path.field("name"), node.location(), "missing required field (every " + what
                    + " has a name: it keys /stats, metrics and logs)");
        }
    }

    /** Marks {@code name} required and describes it as the entry's unique name. */
    static void nameRequired(ObjectNode schema) {
        ((ObjectNode) schema.get("properties").get("name")).put("description",
                "The entry's name, unique among providers and processors: it keys /stats, metrics and logs.")
                .put("minLength", 1);
        ((ArrayNode) schema.get("required")).add("name");
    }
}
