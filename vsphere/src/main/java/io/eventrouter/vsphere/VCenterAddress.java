package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;
import io.eventrouter.config.UriValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * vCenter's address as the original took it: an http(s) URL (string or Go {@code url.URL} mapping), or a bare host
 * name with an optional port, which means {@code https://<host>/sdk} as govmomi's {@code soap.ParseURL} made it.
 */
@BindWith(VCenterAddress.Adapter.class)
public record VCenterAddress(URI uri) {

    /** The URL a written address means: a bare {@code host[:port]} becomes {@code https://host[:port]}. */
    static URI parse(String text) throws URISyntaxException {
        String written = text.strip();
        URI uri = new URI(written.contains("://") ? written : "https://" + written);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new URISyntaxException(written, "not a URL or host name");
        }
        return uri;
    }

    @Override
    public String toString() {
        return Binder.redactUserInfo(uri.toString());
    }

    public static final class Adapter implements TypeAdapter<VCenterAddress> {

        @Override
        public VCenterAddress bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            if (!(node instanceof ConfigNode.ScalarNode)) {
                return new VCenterAddress(binder.bind(node, UriValue.class, path).uri());
            }
            String text = binder.bind(node, String.class, path);
            URI uri;
            try {
                uri = parse(text);
            } catch (URISyntaxException e) {
                throw new ConfigException(path, node.location(), "\"" + Binder.redactUserInfo(text)
                        + "\" is not a URL or host name: " + e.getReason());
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(path, node.location(), "scheme must be http or https, got \"" + scheme
                        + "\"");
            }
            return new VCenterAddress(uri);
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            ArrayNode oneOf = schema.putArray("oneOf");
            oneOf.addObject().put("type", "string");
            ObjectNode mapping = oneOf.addObject().put("type", "object");
            ObjectNode properties = mapping.putObject("properties");
            for (String field : new String[]{"fragment", "forcequery", "host", "omithost", "opaque", "path",
                    "rawfragment", "rawpath", "rawquery", "scheme"}) {
                properties.putObject(field).put("type", "string");
            }
            mapping.putArray("required").add("scheme").add("host");
        }
    }
}
