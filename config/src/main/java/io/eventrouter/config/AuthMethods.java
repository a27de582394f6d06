package io.eventrouter.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.ConfigNode.MapNode;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds and describes an {@code auth} field: {@code {type: <type>, <settingsKey>: {...}}}, where the field's type
 * names the {@link AuthMethod}s it accepts (one method record, or a sealed interface of them). The set of methods is
 * open: a connector declares its own beside its config record, and this class knows none of them.
 */
final class AuthMethods {

    /** What a missing {@code type} means, as in the original's files ({@code auth: {basicAuth: ...}}). */
    static final String DEFAULT_TYPE = "basic_auth";

    private AuthMethods() {
    }

    /** The methods a field of {@code type} accepts; empty when {@code type} is not an auth field's type. */
    static List<Class<?>> accepted(Class<?> type) {
        if (type.isRecord() && type.isAnnotationPresent(AuthMethod.class)) {
            return List.of(type);
        }
        if (type.isInterface() && type.isSealed()) {
            List<Class<?>> permitted = List.of(type.getPermittedSubclasses());
            if (!permitted.isEmpty() && permitted.stream()
                    .allMatch(c -> c.isRecord() && c.isAnnotationPresent(AuthMethod.class))) {
                return permitted;
            }
        }
        return List.of();
    }

    /** @param owner what the field belongs to, for messages ("processor openfaas"), or {@code null} */
    static Object bind(ConfigNode node, List<Class<?>> methods, ConfigPath path, Binder binder, String owner)
            throws ConfigException {
        if (!(node instanceof MapNode map)) {
            throw new ConfigException(path, node.location(), "expected a mapping, got " + node.describe());
        }
        ConfigNode typeNode = map.get("type");
        String type = typeNode == null ? DEFAULT_TYPE : binder.bind(typeNode, String.class, path.field("type"));
        Class<?> method = methods.stream().filter(m -> spec(m).type().equals(type)).findFirst().orElse(null);
        if (method == null) {
            String accepted = (owner == null ? "accepted" : owner + " accepts") + ": " + typesOf(methods);
            throw typeNode == null
                    ? new ConfigException(path.field("type"), map.location(), "missing required field (" + accepted + ")")
                    : new ConfigException(path.field("type"), typeNode.location(), "type " + type
                            + " is not supported here (" + accepted + ")");
        }
        String settingsKey = spec(method).settingsKey();
        checkKeys(map, methods, settingsKey, path);
        if (settingsKey.isEmpty()) {
            return binder.bindRecord(ConfigNodes.map(map.location(), Map.of()), method, path);
        }
        ConfigNode settingsNode = map.get(settingsKey);
        Object settings = settingsNode == null || settingsNode instanceof ConfigNode.NullNode ? null
                : binder.bindRecord(settingsNode, method, path.field(settingsKey));
        if (settings == null) {
            throw new ConfigException(path.field(settingsKey), settingsNode == null ? map.location()
                    : settingsNode.location(), "required for type " + type);
        }
        return settings;
    }

    /** Only {@code type} and the chosen method's settings: another method's settings say which type they are for. */
    private static void checkKeys(MapNode map, List<Class<?>> methods, String settingsKey, ConfigPath path)
            throws ConfigException {
        Set<String> known = new LinkedHashSet<>(List.of("type"));
        methods.stream().map(m -> spec(m).settingsKey()).filter(key -> !key.isEmpty()).forEach(known::add);
        for (MapNode.Entry entry : map.entries().values()) {
            if (entry.key().equals("type") || entry.key().equals(settingsKey)) {
                continue;
            }
            for (Class<?> other : methods) {
                if (spec(other).settingsKey().equals(entry.key())) {
                    throw new ConfigException(path.field(entry.key()), entry.keyLocation(),
                            "only used with type " + spec(other).type());
                }
            }
            throw Binder.unknownField(path, entry, known);
        }
    }

    /** A {@code $ref} to the definition of this set of methods (one per set: its name lists the types). */
    static void describe(ObjectNode schema, List<Class<?>> methods, SchemaWriter writer) {
        String name = "Auth" + methods.stream().map(m -> camel(spec(m).type())).collect(Collectors.joining("Or"));
        schema.put("$ref", "#/$defs/" + writer.define(name, def -> define(def, methods, writer)));
    }

    private static void define(ObjectNode def, List<Class<?>> methods, SchemaWriter writer) {
        List<String> types = methods.stream().map(m -> spec(m).type()).toList();
        def.put("description", "Credentials: type " + methods.stream().map(AuthMethods::described)
                .collect(Collectors.joining(" or ")) + ".");
        def.put("type", "object");
        ArrayNode authTypes = def.putArray("x-auth-types");
        types.forEach(authTypes::add);
        ObjectNode properties = def.putObject("properties");
        ObjectNode type = properties.putObject("type");
        type.put("description", "Authentication method.");
        types.forEach(type.putArray("enum")::add);
        boolean defaultAccepted = types.contains(DEFAULT_TYPE);
        if (defaultAccepted) {
            type.put("default", DEFAULT_TYPE);
        }
        for (Class<?> method : methods) {
            AuthMethod spec = spec(method);
            if (!spec.settingsKey().isEmpty()) {
                ObjectNode settings = properties.putObject(spec.settingsKey());
                settings.put("description", "Settings for type " + spec.type() + ".");
                settings.put("$ref", "#/$defs/" + writer.define(method));
            }
        }
        if (!defaultAccepted) {
            def.putArray("required").add("type");
        }
        def.put("additionalProperties", false);
        ArrayNode rules = def.putArray("allOf");
        for (Class<?> method : methods) {
            AuthMethod spec = spec(method);
            ObjectNode rule = rules.addObject();
            ObjectNode condition = rule.putObject("if");
            condition.putObject("properties").putObject("type").put("const", spec.type());
            if (!spec.type().equals(DEFAULT_TYPE)) {
                condition.putArray("required").add("type");
            }
            ObjectNode then = rule.putObject("then");
            if (!spec.settingsKey().isEmpty()) {
                then.putArray("required").add(spec.settingsKey());
            }
            ObjectNode forbidden = then.putObject("properties");
            methods.stream().map(m -> spec(m).settingsKey())
                    .filter(key -> !key.isEmpty() && !key.equals(spec.settingsKey()))
                    .forEach(key -> forbidden.put(key, false));
        }
    }

    private static String described(Class<?> method) {
        AuthMethod spec = spec(method);
        return spec.type() + (spec.settingsKey().isEmpty() ? "" : " (with " + spec.settingsKey() + ")");
    }

    private static String typesOf(List<Class<?>> methods) {
        return methods.stream().map(m -> spec(m).type()).collect(Collectors.joining(", "));
    }

    private static AuthMethod spec(Class<?> method) {
        return method.getAnnotation(AuthMethod.class);
    }

    private static String camel(String wireName) {
        return Arrays.stream(wireName.split("_")).filter(word -> !word.isEmpty())
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1)).collect(Collectors.joining());
    }
}
