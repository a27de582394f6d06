package io.eventrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNode.NullNode;
import io.eventrouter.config.ConfigNode.ScalarNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Binds a {@link ConfigNode} tree to configuration records. The records are the one place where fields are declared:
 * a component's name is its key (or {@link Key}), and {@link Doc}, {@link Default} and {@link Required} say the rest.
 * Binding is strict: unknown keys, wrong types and bad enum values are errors naming the path and the location.
 */
public final class Binder {

    private static final int SHORTEST_MASKED_WORD = 4;
    private static final java.util.regex.Pattern WORD_SEPARATORS = java.util.regex.Pattern.compile("[^A-Za-z0-9]+");

    private final References references;
    /** Every value read through {@code ${env:...}}/{@code ${file:...}}, and the reference as written. */
    private final Map<String, String> resolvedReferences = new ConcurrentHashMap<>();
    /** The field paths written as references, and the reference. */
    private final Map<String, String> referencedPaths = new ConcurrentHashMap<>();
    private final Map<Class<?>, TypeAdapter<?>> adapters = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    /** What a settings record belongs to, for messages about its auth field: "processor openfaas". */
    private final Map<Class<?>, String> owners = new ConcurrentHashMap<>();

    public Binder(References references) {
        this.references = references;
    }

    /** Makes {@code service} available to {@link TypeAdapter}s (e.g. the connector registry). */
    public <T> Binder with(Class<T> type, T service) {
        services.put(type, service);
        return this;
    }

    /** Names what {@code settingsType} configures ("processor openfaas"), so that messages about its auth say it. */
    public Binder naming(Class<?> settingsType, String owner) {
        owners.put(settingsType, owner);
        return this;
    }

    public <T> T service(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("binder has no " + type.getSimpleName());
        }
        return type.cast(service);
    }

    public <T> T bind(ConfigNode node, Class<T> type, ConfigPath path) throws ConfigException {
        return type.cast(bindValue(node, type, path));
    }

    /** Binds {@code node} to {@code type}, which may be generic (e.g. a {@code List<String>}). */
    public Object bindValue(ConfigNode node, Type type, ConfigPath path) throws ConfigException {
        Class<?> raw = rawClass(type);
        if (node instanceof NullNode) {
            if (raw.isPrimitive()) {
                throw new ConfigException(path, node.location(), "must not be null");
            }
            return null;
        }
        TypeAdapter<?> adapter = adapterFor(raw);
        if (adapter != null) {
            return adapter.bind(node, path, this);
        }
        if (raw == ConfigNode.class) {
            return node;
        }
        if (raw == JsonNode.class) {
            return ConfigNodes.toJson(node);
        }
        List<Class<?>> authMethods = AuthMethods.accepted(raw);
        if (!authMethods.isEmpty()) {
            return AuthMethods.bind(node, authMethods, path, this, null);
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path);
        }
        if (raw == List.class) {
            return bindList(node, typeArgument(type, 0), path);
        }
        if (raw == Map.class) {
            return bindMap(node, typeArgument(type, 1), path);
        }
        return bindScalar(node, raw, path);
    }

    /** Binds {@code type} by the record rules (for an auth method's settings, which are bound by type otherwise). */
    Object bindRecord(ConfigNode node, Class<?> type, ConfigPath path) throws ConfigException {
        if (!(node instanceof MapNode map)) {
            throw new ConfigException(path, node.location(), "expected a mapping, got " + node.describe());
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent component : components) {
            byKey.put(keyOf(component), component);
        }
        for (MapNode.Entry entry : map.entries().values()) {
            if (!byKey.containsKey(entry.key())) {
                throw unknownField(path, entry, byKey.keySet());
            }
        }
        checkExactlyOneKey(type, map, path, byKey.keySet());
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String key = keyOf(component);
            ConfigPath fieldPath = path.field(key);
            ConfigNode value = map.get(key);
            if (value == null) {
                values[i] = absentValue(component, fieldPath, map.location());
            } else {
                values[i] = bindField(value, component, fieldPath, type);
            }
        }
        Object record = construct(type, components, values, path, node);
        if (record instanceof Validatable validatable) {
            validatable.validate(new Validation(path, node));
        }
        return record;
    }

    /** Binds a field by its type; an auth field's messages name what the record configures, when it is known. */
    private Object bindField(ConfigNode value, RecordComponent component, ConfigPath path, Class<?> record)
            throws ConfigException {
        List<Class<?>> authMethods = AuthMethods.accepted(component.getType());
        if (authMethods.isEmpty() || value instanceof NullNode) {
            return bindValue(value, component.getGenericType(), path);
        }
        return AuthMethods.bind(value, authMethods, path, this, owners.get(record));
    }

    private static void checkExactlyOneKey(Class<?> type, MapNode map, ConfigPath path, java.util.Collection<String> keys)
            throws ConfigException {
        ExactlyOneKey rule = type.getAnnotation(ExactlyOneKey.class);
        if (rule == null || map.entries().size() == 1) {
            return;
        }
        String choices = String.join(", ", keys);
        if (map.entries().isEmpty()) {
            throw new ConfigException(path, map.location(), rule.what() + " takes exactly one of: " + choices
                    + "; this one has none");
        }
        List<MapNode.Entry> given = List.copyOf(map.entries().values());
        MapNode.Entry second = given.get(1);
        throw new ConfigException(path.field(second.key()), second.keyLocation(), rule.what() + " takes exactly one of: "
                + choices + "; this one has " + given.get(0).key() + " and " + second.key()
                + (rule.hint().isEmpty() ? "" : " (" + rule.hint() + ")"));
    }

    private Object absentValue(RecordComponent component, ConfigPath path, Location parent) throws ConfigException {
        Default defaultValue = component.getAnnotation(Default.class);
        if (defaultValue != null) {
            ConfigNode node;
            try {
                node = ConfigTreeReader.read(defaultValue.value());
            } catch (ConfigException e) {
                throw new IllegalStateException("bad @Default on " + component + ": " + e.getMessage());
            }
            return bindValue(node, component.getGenericType(), path);
        }
        if (component.isAnnotationPresent(Required.class)) {
            throw new ConfigException(path, parent, "missing required field");
        }
        Class<?> type = component.getType();
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        return null;
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] values, ConfigPath path,
                                    ConfigNode node) throws ConfigException {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new ConfigException(path, node.location(), invalid.getMessage());
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private List<Object> bindList(ConfigNode node, Type itemType, ConfigPath path) throws ConfigException {
        if (!(node instanceof ListNode list)) {
            throw new ConfigException(path, node.location(), "expected a list, got " + node.describe());
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Object item = bindValue(list.items().get(i), itemType, path.index(i));
            if (item == null) {
                throw new ConfigException(path.index(i), list.items().get(i).location(), "must not be null");
            }
            items.add(item);
        }
        return List.copyOf(items);
    }

    private Map<String, Object> bindMap(ConfigNode node, Type valueType, ConfigPath path) throws ConfigException {
        if (!(node instanceof MapNode map)) {
            throw new ConfigException(path, node.location(), "expected a mapping, got " + node.describe());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (MapNode.Entry entry : map.entries().values()) {
            values.put(entry.key(), bindValue(entry.value(), valueType, path.field(entry.key())));
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    private Object bindScalar(ConfigNode node, Class<?> type, ConfigPath path) throws ConfigException {
        if (!(node instanceof ScalarNode scalar)) {
            throw new ConfigException(path, node.location(), "expected " + expected(type) + ", got " + node.describe());
        }
        Location at = node.location();
        if (type == String.class) {
            return resolve(scalar, path);
        }
        if (type == Secret.class) {
            return new Secret(resolve(scalar, path));
        }
        if (type == boolean.class || type == Boolean.class) {
            if (scalar.kind() != ScalarNode.Kind.BOOLEAN) {
                throw new ConfigException(path, at, "expected true or false, got " + scalar.describe()
                        + " \"" + scalar.text() + "\"");
            }
            return Boolean.parseBoolean(scalar.text().toLowerCase(java.util.Locale.ROOT));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            if (scalar.kind() != ScalarNode.Kind.INTEGER) {
                throw new ConfigException(path, at, "expected an integer, got " + scalar.describe()
                        + " \"" + scalar.text() + "\"");
            }
            try {
                long value = Long.parseLong(scalar.text());
                if ((type == int.class || type == Integer.class) && value != (int) value) {
                    throw new NumberFormatException();
                }
                return type == long.class || type == Long.class ? (Object) value : (Object) (int) value;
            } catch (NumberFormatException e) {
                throw new ConfigException(path, at, "integer out of range: " + scalar.text());
            }
        }
        if (type == double.class || type == Double.class) {
            if (scalar.kind() != ScalarNode.Kind.INTEGER && scalar.kind() != ScalarNode.Kind.DECIMAL) {
                throw new ConfigException(path, at, "expected a number, got " + scalar.describe());
            }
            return Double.parseDouble(scalar.text());
        }
        String text = resolve(scalar, path);
        // what a message may quote: the reference as written, never the value it stands for
        String shown = References.isReference(scalar.text()) ? scalar.text() : text;
        if (type == Duration.class) {
            try {
                Duration duration = Durations.parse(text);
                if (duration.isNegative()) {
                    throw new ConfigException(path, at, "must not be negative");
                }
                return duration;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path, at, "\"" + shown + "\" is " + e.getMessage());
            }
        }
        if (type == URI.class) {
            return parseUri(text, shown, path, at);
        }
        if (type == Path.class) {
            if (text.isBlank()) {
                throw new ConfigException(path, at, "must not be empty");
            }
            return Path.of(text);
        }
        if (type.isEnum()) {
            return bindEnum(text, shown, type, path, at);
        }
        throw new IllegalStateException("no binding for " + type.getName() + " at " + path);
    }

    private static URI parseUri(String text, String shown, ConfigPath path, Location at) throws ConfigException {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ConfigException(path, at, "\"" + redactUserInfo(shown) + "\" is not an absolute URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(path, at, "\"" + redactUserInfo(shown) + "\" is not a valid URL: " + e.getReason());
        }
    }

    /** Resolves a reference, remembering its value so that no message about this file can quote it. */
    private String resolve(ScalarNode scalar, ConfigPath path) throws ConfigException {
        String value = references.resolve(scalar.text(), path, scalar.location());
        if (References.isReference(scalar.text()) && !value.isEmpty()) {
            resolvedReferences.putIfAbsent(value, scalar.text().strip());
        }
        if (References.isReference(scalar.text())) {
            referencedPaths.put(path.toString(), scalar.text().strip());
        }
        return value;
    }

    /**
     * The same problem with every value read through a reference replaced by the reference as written, and any word
     * of such a value that is still quoted (a parser's "unexpected 'word'") masked: validations quote what they
     * check (an address, a path, an expression), and a value from the environment or a file may be a secret.
     */
    public ConfigException withoutResolvedValues(ConfigException problem) {
        String text = problem.problem();
        List<Map.Entry<String, String>> longestFirst = new ArrayList<>(resolvedReferences.entrySet());
        longestFirst.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        // whole values become numbered place-holders first, so that masking words cannot touch the references
        for (int i = 0; i < longestFirst.size(); i++) {
            String value = longestFirst.get(i).getKey();
            String holder = "\u0000" + i + "\u0000";
            text = text.replace(value, holder);
            if (!value.strip().isEmpty()) {
                text = text.replace(value.strip(), holder);
            }
        }
        for (Map.Entry<String, String> resolved : longestFirst) {
            for (String word : WORD_SEPARATORS.split(resolved.getKey())) {
                if (word.length() >= SHORTEST_MASKED_WORD) {
                    text = text.replaceAll("(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(word)
                            + "(?![A-Za-z0-9])", "***");
                }
            }
        }
        for (int i = 0; i < longestFirst.size(); i++) {
            text = text.replace("\u0000" + i + "\u0000", longestFirst.get(i).getValue());
        }
        String reference = referencedPaths.get(problem.path());
        if (reference != null && !text.contains(reference)) {
            text = "the value of " + reference + " is wrong: " + text;
        }
        return text.equals(problem.problem()) ? problem : problem.withProblem(text);
    }

    /** Hides {@code user:password@} in a URL so that messages never show a password. */
    public static String redactUserInfo(String url) {
        return url.replaceAll("(?<=://)[^/@\\s]+@", "***@");
    }

    private static Object bindEnum(String text, String shown, Class<?> type, ConfigPath path, Location at)
            throws ConfigException {
        for (Object constant : type.getEnumConstants()) {
            if (wireName(constant).equals(text)) {
                return constant;
            }
        }
        throw new ConfigException(path, at, "\"" + shown + "\" is not one of: " + String.join(", ", wireNames(type)));
    }

    public static String wireName(Object constant) {
        return constant instanceof WireEnum wire ? wire.wireName() : ((Enum<?>) constant).name();
    }

    public static List<String> wireNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(Binder::wireName).toList();
    }

    public static String keyOf(RecordComponent component) {
        Key key = component.getAnnotation(Key.class);
        return key == null ? component.getName() : key.value();
    }

    TypeAdapter<?> adapterFor(Class<?> type) {
        BindWith bindWith = type.getAnnotation(BindWith.class);
        if (bindWith == null) {
            return null;
        }
        return adapters.computeIfAbsent(type, t -> {
            try {
                Constructor<? extends TypeAdapter<?>> constructor = bindWith.value().getDeclaredConstructor();
                constructor.setAccessible(true);
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + bindWith.value(), e);
            }
        });
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static String expected(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        return "a single value";
    }

    /** The error for a key that is not one of {@code known}, suggesting the closest known key. */
    public static ConfigException unknownField(ConfigPath path, MapNode.Entry entry, java.util.Collection<String> known) {
        return new ConfigException(path.field(entry.key()), entry.keyLocation(),
                "unknown field" + suggestion(entry.key(), known));
    }

    private static String suggestion(String key, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        String allowed = known.stream().collect(Collectors.joining(", "));
        if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
            return " (did you mean \"" + best + "\"?)";
        }
        return known.isEmpty() ? "" : " (expected one of: " + allowed + ")";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
