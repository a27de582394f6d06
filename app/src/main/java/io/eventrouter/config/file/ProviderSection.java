package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;
import io.eventrouter.extensions.ExtensionAttributes;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.spi.EventProviderFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An event provider entry: {@code type}, optional {@code name}, the settings section of that type, and optional
 * {@code extensions} promoted from data into every event it publishes ({@code null} when none).
 */
@BindWith(ProviderSection.Adapter.class)
public record ProviderSection(String type, String name, Object settings, EventProviderFactory<?> factory,
                              ExtensionAttributes extensions) {

    private static final Set<String> COMMON_KEYS = Set.of("extensions");

    public ProviderSection(String type, String name, Object settings, EventProviderFactory<?> factory) {
        this(type, name, settings, factory, null);
    }

    /** The name for logs and metrics: the configured one, else the type. */
    public String displayName() {
        return name != null ? name : type;
    }

    static Map<String, TypedSection.Kind> kinds(ConnectorRegistry registry) {
        Map<String, TypedSection.Kind> kinds = new LinkedHashMap<>();
        registry.providers().forEach(f -> kinds.put(f.type(), new TypedSection.Kind(f.type(), f.sectionKey(), f.configType())));
        return kinds;
    }

    static ProviderSection bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
        ConnectorRegistry registry = binder.service(ConnectorRegistry.class);
        TypedSection.Bound bound = TypedSection.bind(node, path, binder, kinds(registry), COMMON_KEYS, "provider");
        String type = bound.kind().type();
        ConfigNode extensionsNode = bound.node().get("extensions");
        ExtensionAttributes extensions = extensionsNode == null || extensionsNode instanceof ConfigNode.NullNode ? null
                : binder.bind(extensionsNode, ExtensionAttributes.class, path.field("extensions"));
        return new ProviderSection(type, bound.name(), bound.settings(), registry.provider(type).orElseThrow(),
                extensions);
    }

    static void describe(ObjectNode schema, SchemaWriter writer) {
        schema.put("description", "An event provider: where events come from.");
        TypedSection.describe(schema, writer, kinds(writer.binder().service(ConnectorRegistry.class)),
                Map.of("extensions", writer.schemaOf(ExtensionAttributes.class)));
    }

    static final class Adapter implements TypeAdapter<ProviderSection> {

        @Override
        public ProviderSection bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            return ProviderSection.bind(node, path, binder);
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            ProviderSection.describe(schema, writer);
        }
    }
}
