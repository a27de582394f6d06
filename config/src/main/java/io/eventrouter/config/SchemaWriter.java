package io.eventrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON Schema (draft 2020-12) for configuration records, from the same declarations the {@link Binder} reads.
 * Records become {@code $defs} entries referenced by {@code $ref}, so nested and recursive types stay small.
 */
public final class SchemaWriter {

    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode defs = JSON.objectNode();
    private final Map<Class<?>, String> defNames = new HashMap<>();
    private final Binder binder;

    /** @param binder supplies the services {@link TypeAdapter}s need to describe their types */
    public SchemaWriter(Binder binder) {
        this.binder = binder;
    }

    public Binder binder() {
        return binder;
    }

    /** The schema of {@code type}: a {@code $ref} for records, inline for everything else. */
    public ObjectNode schemaOf(Type type) {
        Class<?> raw = Binder.rawClass(type);
        ObjectNode schema = JSON.objectNode();
        TypeAdapter<?> adapter = binder.adapterFor(raw);
        if (adapter != null) {
            adapter.describe(schema, this);
        } else if (!AuthMethods.accepted(raw).isEmpty()) {
            AuthMethods.describe(schema, AuthMethods.accepted(raw), this);
        } else if (raw.isRecord()) {
            schema.put("$ref", "#/$defs/" + define(raw));
        } else if (raw == List.class) {
            schema.put("type", "array");
            schema.set("items", schemaOf(Binder.typeArgument(type, 0)));
        } else if (raw == Map.class) {
            schema.put("type", "object");
            schema.set("additionalProperties", schemaOf(Binder.typeArgument(type, 1)));
        } else if (raw == String.class || raw == Path.class) {
            schema.put("type", "string");
        } else if (raw == Secret.class) {
            schema.put("type", "string");
            schema.put("x-secret", true);
        } else if (raw == URI.class) {
            schema.put("type", "string");
            schema.put("format", "uri");
        } else if (raw == Duration.class) {
            schema.put("type", "string");
            schema.put("pattern", "^(-?P.+|0|(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+)$");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            schema.put("type", "integer");
        } else if (raw == double.class || raw == Double.class) {
            schema.put("type", "number");
        } else if (raw.isEnum()) {
            ArrayNode values = schema.putArray("enum");
            Binder.wireNames(raw).forEach(values::add);
        }
        return schema;
    }

    /** Adds {@code type} to {@code $defs} (once) and returns its name there. */
    public String define(Class<?> type) {
        String existing = defNames.get(type);
        if (existing != null) {
            return existing;
        }
        String name = uniqueName(type);
        defNames.put(type, name);
        ObjectNode schema = JSON.objectNode();
        defs.set(name, schema);
        writeRecord(type, schema);
        return name;
    }

    /** Adds a definition written by {@code content} under {@code name} (once) and returns the name. */
    String define(String name, java.util.function.Consumer<ObjectNode> content) {
        if (!defs.has(name)) {
            ObjectNode schema = JSON.objectNode();
            defs.set(name, schema);
            content.accept(schema);
        }
        return name;
    }

    /** Fills {@code schema} with the object schema of a record type. */
    public void writeRecord(Class<?> type, ObjectNode schema) {
        Doc typeDoc = type.getAnnotation(Doc.class);
        if (typeDoc != null) {
            schema.put("description", typeDoc.value());
        }
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            String key = Binder.keyOf(component);
            properties.set(key, fieldSchema(component));
            if (component.isAnnotationPresent(Required.class)) {
                required.add(key);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (type.isAnnotationPresent(ExactlyOneKey.class)) {
            schema.put("minProperties", 1);
            schema.put("maxProperties", 1);
        }
        schema.put("additionalProperties", false);
    }

    /** The schema of one record component, with its description and default. */
    public ObjectNode fieldSchema(RecordComponent component) {
        ObjectNode field = schemaOf(component.getGenericType());
        ObjectNode described = JSON.objectNode();
        Doc doc = component.getAnnotation(Doc.class);
        if (doc != null) {
            String text = doc.value();
            if (component.getType() == Secret.class) {
                text += " May be written as ${env:NAME} or ${file:PATH}.";
            }
            described.put("description", text);
        }
        Default defaultValue = component.getAnnotation(Default.class);
        if (defaultValue != null) {
            described.set("default", defaultJson(defaultValue.value()));
        }
        described.setAll(field);
        return described;
    }

    public ObjectNode defs() {
        return defs;
    }

    private static JsonNode defaultJson(String yaml) {
        try {
            return ConfigNodes.toJson(ConfigTreeReader.read(yaml));
        } catch (ConfigException e) {
            throw new IllegalStateException("bad @Default " + yaml, e);
        }
    }

    private String uniqueName(Class<?> type) {
        String base = type.getEnclosingClass() == null ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName() + type.getSimpleName();
        String name = base;
        for (int i = 2; defs.has(name); i++) {
            name = base + i;
        }
        return name;
    }
}
