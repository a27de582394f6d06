package io.eventrouter.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNode.ScalarNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * An http(s) URL written as a string, or as the mapping the original's examples used (the fields of Go's
 * {@code url.URL}: {@code scheme}, {@code host}, {@code path}, {@code rawquery}, {@code fragment}, ...).
 */
@BindWith(UriValue.Adapter.class)
public record UriValue(URI uri) {

    @Override
    public String toString() {
        return Binder.redactUserInfo(uri.toString());
    }

    static final class Adapter implements TypeAdapter<UriValue> {

        private static final Set<String> FIELDS = Set.of("scheme", "opaque", "host", "path", "rawpath", "forcequery",
                "rawquery", "fragment", "rawfragment", "omithost");

        @Override
        public UriValue bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            if (node instanceof ScalarNode) {
                return checked(binder.bind(node, URI.class, path), path, node);
            }
            if (!(node instanceof MapNode map)) {
                throw new ConfigException(path, node.location(), "expected a URL string or a mapping, got " + node.describe());
            }
            for (MapNode.Entry entry : map.entries().values()) {
                if (!FIELDS.contains(entry.key().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(path.field(entry.key()), entry.keyLocation(),
                            "unknown field (expected scheme, host, path, rawquery, fragment)");
                }
            }
            String scheme = text(map, "scheme", path, binder);
            String host = text(map, "host", path, binder);
            if (scheme == null || host == null) {
                throw new ConfigException(path, node.location(), "a URL mapping needs scheme and host");
            }
            String pathPart = text(map, "path", path, binder);
            String query = text(map, "rawquery", path, binder);
            String fragment = text(map, "fragment", path, binder);
            try {
                URI uri = new URI(scheme + "://" + host + (pathPart == null ? "" : pathPart)
                        + (query == null ? "" : "?" + query) + (fragment == null ? "" : "#" + fragment));
                return checked(uri, path, node);
            } catch (URISyntaxException e) {
                throw new ConfigException(path, node.location(), "not a valid URL: " + e.getReason());
            }
        }

        private static UriValue checked(URI uri, ConfigPath path, ConfigNode node) throws ConfigException {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(path, node.location(), "scheme must be http or https, got \"" + scheme + "\"");
            }
            return new UriValue(uri);
        }

        private static String text(MapNode map, String key, ConfigPath path, Binder binder) throws ConfigException {
            for (MapNode.Entry entry : map.entries().values()) {
                if (entry.key().equalsIgnoreCase(key)) {
                    return binder.bind(entry.value(), String.class, path.field(entry.key()));
                }
            }
            return null;
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            ArrayNode oneOf = schema.putArray("oneOf");
            oneOf.addObject().put("type", "string").put("format", "uri");
            ObjectNode mapping = oneOf.addObject().put("type", "object");
            ObjectNode properties = mapping.putObject("properties");
            FIELDS.stream().sorted().forEach(field -> properties.putObject(field).put("type", "string"));
            mapping.putArray("required").add("scheme").add("host");
        }
    }
}
