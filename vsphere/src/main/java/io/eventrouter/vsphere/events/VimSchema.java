package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vim25 type schema govmomi's Go types encode (vSphere API 7.0U1), as written by {@code tools/vcsim}'s
 * {@code vim25schema}. The bundled copy holds only what events can contain; {@code tools/vcsim/generate-event-schema.sh}
 * regenerates it. Immutable and shared.
 */
public final class VimSchema {

    static final String RESOURCE = "vim25-event-schema.json";
    private static final Set<String> INTEGERS = Set.of("int8", "int16", "int32", "int64", "byte",
            "uint8", "uint16", "uint32", "uint64");

    private final Map<String, TypeInfo> types;

    private VimSchema(Map<String, TypeInfo> types) {
        this.types = types;
    }

    private static final class Bundled {
        static final VimSchema INSTANCE = loadBundled();

        private static VimSchema loadBundled() {
            try (InputStream in = VimSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                return load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The schema shipped with the provider (loaded once). */
    public static VimSchema bundled() {
        return Bundled.INSTANCE;
    }

    /** Reads a schema in vim25schema's format ({@code {"Type":{"base":…,"fields":[…]}}}). */
    public static VimSchema load(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        Map<String, JsonNode> raw = new HashMap<>();
        root.properties().forEach(entry -> raw.put(entry.getKey(), entry.getValue()));
        Map<String, TypeInfo> types = new HashMap<>();
        for (String name : raw.keySet()) {
            flatten(name, raw, types);
        }
        return new VimSchema(Map.copyOf(types));
    }

    /** The type, or null when the schema does not know it (a newer vSphere class). */
    TypeInfo type(String name) {
        return name == null ? null : types.get(name);
    }

    /** Every type of the schema, flattened. */
    java.util.Collection<TypeInfo> types() {
        return types.values();
    }

    public boolean knows(String name) {
        return types.containsKey(name);
    }

    public int size() {
        return types.size();
    }

    /** The type with its base's fields first; each base is flattened once and shared by all its subtypes. */
    private static TypeInfo flatten(String name, Map<String, JsonNode> raw, Map<String, TypeInfo> done) {
        TypeInfo known = done.get(name);
        if (known != null) {
            return known;
        }
        String base = text(raw.get(name), "base");
        TypeInfo parent = base != null && raw.containsKey(base) ? flatten(base, raw, done) : null;
        List<FieldInfo> fields = parent == null ? new ArrayList<>() : new ArrayList<>(parent.fields());
        for (JsonNode field : raw.get(name).path("fields")) {
            FieldInfo info = field(field, raw);
            // Go's rule for a name declared again in a derived struct: the shallower field wins, in its place
            fields.removeIf(existing -> existing.json().equals(info.json()) || existing.xml().equals(info.xml()));
            fields.add(info);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i).xml(), i);
        }
        List<String> ancestry = new ArrayList<>();
        ancestry.add(name);
        if (parent != null) {
            ancestry.addAll(parent.ancestry());
        }
        TypeInfo type = new TypeInfo(name, base, List.copyOf(fields), Map.copyOf(index), List.copyOf(ancestry));
        done.put(name, type);
        return type;
    }

    private static FieldInfo field(JsonNode field, Map<String, JsonNode> raw) {
        String type = field.path("type").asText();
        boolean array = field.path("array").asBoolean(false);
        boolean pointer = field.path("pointer").asBoolean(false);
        ValueKind kind;
        String typeName = null;
        if (type.equals("ManagedObjectReference")) {
            kind = ValueKind.MOREF;
        } else if (type.startsWith("Base") && !raw.containsKey(type) && raw.containsKey(type.substring(4))) {
            kind = ValueKind.INTERFACE;
            typeName = type.substring(4);
        } else if (raw.containsKey(type)) {
            kind = ValueKind.OBJECT;
            typeName = type;
        } else {
            kind = scalarKind(type);
            if (type.equals("float32")) {
                typeName = type; // Go prints a float32 with the fewest digits that read back as the same float32
            }
        }
        return new FieldInfo(field.path("go").asText(), field.path("xml").asText(), kind, typeName, array, pointer);
    }

    private static ValueKind scalarKind(String type) {
        if (INTEGERS.contains(type)) {
            return ValueKind.INT;
        }
        return switch (type) {
            case "float32", "float64" -> ValueKind.FLOAT;
            case "bool" -> ValueKind.BOOL;
            case "Time" -> ValueKind.TIME;
            case "[]byte" -> ValueKind.BYTES;
            case "AnyType" -> ValueKind.ANY;
            default -> ValueKind.STRING; // xsd:string and the vim25 enums
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
