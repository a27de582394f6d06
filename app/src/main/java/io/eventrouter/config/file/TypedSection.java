package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNodes;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.Required;
import io.eventrouter.config.SchemaWriter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shape the original used for a connector: {@code type: X}, a {@code name}, and a settings section whose key
 * depends on the type ({@code vcenter: {...}}, {@code awsEventBridge: {...}}). Binds the settings with the record
 * class of the connector the registry has for that type.
 */
final class TypedSection {

    /** What the registry knows about one type. */
    record Kind(String type, String sectionKey, Class<?> configType) {
    }

    record Bound(Kind kind, String name, Object settings, MapNode node) {
    }

    private TypedSection() {
    }

    /**
     * @param kinds       every known type, by type name
     * @param commonKeys  keys besides {@code type}, {@code name} and the section keys that the caller binds itself
     */
    static Bound bind(ConfigNode node, ConfigPath path, Binder binder, Map<String, Kind> kinds, Set<String> commonKeys,
                      String what) throws ConfigException {
        if (!(node instanceof MapNode map)) {
            throw new ConfigException(path, node.location(), "expected a mapping, got " + node.describe());
        }
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add("type");
        allowed.add("name");
        allowed.addAll(commonKeys);
        kinds.values().forEach(kind -> allowed.add(kind.sectionKey()));
        for (MapNode.Entry entry : map.entries().values()) {
            if (!allowed.contains(entry.key())) {
                throw Binder.unknownField(path, entry, allowed);
            }
        }
        ConfigNode typeNode = map.get("type");
        if (typeNode == null) {
            throw new ConfigException(path.field("type"), node.location(), "missing required field (one of: "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        String type = binder.bind(typeNode, String.class, path.field("type"));
        Kind kind = kinds.get(type);
        if (kind == null) {
            throw new ConfigException(path.field("type"), typeNode.location(), "unknown " + what + " type \"" + type
                    + "\" (expected one of: " + String.join(", ", kinds.keySet()) + ")");
        }
        for (Kind other : kinds.values()) {
            if (!other.sectionKey().equals(kind.sectionKey()) && map.has(other.sectionKey())) {
                throw new ConfigException(path.field(other.sectionKey()), map.entries().get(other.sectionKey())
                        .keyLocation(), "only used with type " + other.type() + ", but type is " + type);
            }
        }
        String name = map.has("name") ? binder.bind(map.get("name"), String.class, path.field("name")) : null;
        ConfigNode settingsNode = map.get(kind.sectionKey());
        if (settingsNode == null) {
            settingsNode = ConfigNodes.map(map.location(), new LinkedHashMap<>());
        }
        Object settings = binder.bindValue(settingsNode, kind.configType(), path.field(kind.sectionKey()));
        return new Bound(kind, name == null || name.isBlank() ? null : name, settings, map);
    }

    /** The JSON schema of such a section; {@code common} holds the schemas of the caller's extra keys. */
    static void describe(ObjectNode schema, SchemaWriter writer, Map<String, Kind> kinds, Map<String, ObjectNode> common) {
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode type = properties.putObject("type");
        type.put("description", "The connector type.");
        ArrayNode types = type.putArray("enum");
        kinds.keySet().forEach(types::add);
        properties.putObject("name").put("type", "string").put("description", "A name for logs and metrics.");
        common.forEach(properties::set);
        for (Kind kind : kinds.values()) {
            ObjectNode section = writer.schemaOf(kind.configType());
            section.put("description", "Settings for type " + kind.type() + ".");
            properties.set(kind.sectionKey(), section);
        }
        schema.putArray("required").add("type");
        schema.put("additionalProperties", false);
        ArrayNode rules = schema.putArray("allOf");
        for (Kind kind : kinds.values()) {
            ObjectNode rule = rules.addObject();
            ObjectNode condition = rule.putObject("if");
            condition.putObject("properties").putObject("type").put("const", kind.type());
            condition.putArray("required").add("type");
            ObjectNode then = rule.putObject("then");
            if (hasRequiredField(kind.configType())) {
                then.putArray("required").add(kind.sectionKey());
            }
            ObjectNode forbidden = then.putObject("properties");
            kinds.values().stream().map(Kind::sectionKey).filter(key -> !key.equals(kind.sectionKey())).distinct()
                    .forEach(key -> forbidden.put(key, false));
        }
    }

    private static boolean hasRequiredField(Class<?> type) {
        return type.isRecord() && Arrays.stream(type.getRecordComponents())
                .anyMatch(component -> component.isAnnotationPresent(Required.class));
    }
}
