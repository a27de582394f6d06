package io.eventrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.ConfigNode.ScalarNode;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A destination's {@code uri} as Knative reads it ({@code apis.URL}): an absolute http(s) URL (bound by the rules of
 * {@link UriValue}, string or mapping), or, next to a {@code ref}, a reference relative to the object's address.
 * Whether a relative one is allowed is the enclosing record's decision (see {@link Destination}).
 */
@BindWith(UriReference.Adapter.class)
public record UriReference(URI uri) {

    public boolean isAbsolute() {
        return uri.isAbsolute();
    }

    @Override
    public String toString() {
        return Binder.redactUserInfo(uri.toString());
    }

    static final class Adapter implements TypeAdapter<UriReference> {

        private final UriValue.Adapter absolute = new UriValue.Adapter();

        @Override
        public UriReference bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            if (node instanceof ScalarNode) {
                String text = binder.bind(node, String.class, path).strip();
                if (text.isEmpty()) {
                    throw new ConfigException(path, node.location(), "must not be empty");
                }
                try {
                    URI uri = new URI(text);
                    if (!uri.isAbsolute()) {
                        return new UriReference(uri);
                    }
                } catch (URISyntaxException e) {
                    throw new ConfigException(path, node.location(), "\"" + Binder.redactUserInfo(text)
                            + "\" is not a valid URL: " + e.getReason());
                }
            }
            return new UriReference(absolute.bind(node, path, binder).uri());
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            absolute.describe(schema, writer);
            for (JsonNode choice : schema.path("oneOf")) {
                if (choice instanceof ObjectNode string && "string".equals(choice.path("type").asText())) {
                    string.put("format", "uri-reference");
                }
            }
        }
    }
}
