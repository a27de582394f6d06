package io.eventrouter.extensions;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNode.ScalarNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CloudEvent extension attributes promoted from {@code data}: attribute name → JSON pointer into the event's JSON
 * data. Written either as that mapping or as the name of a preset ({@code extensions: vcenter}). Names follow the
 * CloudEvents rules (lower-case ASCII letters and digits) and may not be a context attribute's name.
 */
@BindWith(ExtensionAttributes.Adapter.class)
public record ExtensionAttributes(String preset, Map<String, JsonPointer> pointers) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");
    /** The CloudEvents v1.0 context attributes and {@code data}: never extensions. */
    private static final Set<String> RESERVED = Set.of("specversion", "id", "source", "type", "datacontenttype",
            "dataschema", "subject", "time", "data");

    public ExtensionAttributes {
        pointers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pointers));
    }

    /** Why {@code name} cannot be an extension attribute, or null when it can. */
    static String nameProblem(String name) {
        if (!NAME.matcher(name).matches()) {
            return "a CloudEvents attribute name has only lower-case letters a-z and digits 0-9";
        }
        if (RESERVED.contains(name)) {
            return "\"" + name + "\" is a CloudEvents context attribute, not an extension";
        }
        return null;
    }

    static final class Adapter implements TypeAdapter<ExtensionAttributes> {

        @Override
        public ExtensionAttributes bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            if (node instanceof ScalarNode scalar) {
                Map<String, String> preset = ExtensionPresets.get(scalar.text());
                if (preset == null) {
                    throw new ConfigException(path, node.location(), "unknown preset \"" + scalar.text()
                            + "\" (expected one of: " + String.join(", ", ExtensionPresets.names())
                            + ", or a mapping of attribute name to JSON pointer)");
                }
                Map<String, JsonPointer> pointers = new LinkedHashMap<>();
                preset.forEach((name, pointer) -> pointers.put(name, JsonPointer.compile(pointer)));
                return new ExtensionAttributes(scalar.text(), pointers);
            }
            if (!(node instanceof MapNode map)) {
                throw new ConfigException(path, node.location(), "expected a preset name or a mapping of attribute "
                        + "name to JSON pointer, got " + node.describe());
            }
            Map<String, JsonPointer> pointers = new LinkedHashMap<>();
            for (MapNode.Entry entry : map.entries().values()) {
                ConfigPath at = path.field(entry.key());
                String problem = nameProblem(entry.key());
                if (problem != null) {
                    throw new ConfigException(at, entry.keyLocation(), problem);
                }
                String pointer = binder.bind(entry.value(), String.class, at);
                if (!pointer.startsWith("/")) {
                    throw new ConfigException(at, entry.value().location(),
                            "a JSON pointer starts with \"/\" (RFC 6901), e.g. /Vm/Name");
                }
                try {
                    pointers.put(entry.key(), JsonPointer.compile(pointer));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(at, entry.value().location(), "not a JSON pointer: " + e.getMessage());
                }
            }
            return new ExtensionAttributes(null, pointers);
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            schema.put("description", "CloudEvent extension attributes promoted from data, so Knative Trigger filters "
                    + "can use them: a mapping of attribute name (lower-case letters and digits) to a JSON pointer "
                    + "into the event's data, or a preset name (" + String.join(", ", ExtensionPresets.names())
                    + "). A pointer that finds nothing, null, an empty string, an object or an array sets no "
                    + "attribute.");
            var oneOf = schema.putArray("oneOf");
            var preset = oneOf.addObject().put("type", "string");
            var names = preset.putArray("enum");
            ExtensionPresets.names().forEach(names::add);
            ObjectNode mapping = oneOf.addObject().put("type", "object");
            mapping.putObject("propertyNames").put("pattern", "^[a-z0-9]+$");
            mapping.putObject("additionalProperties").put("type", "string").put("pattern", "^/");
        }
    }
}
