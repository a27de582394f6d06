package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.spi.EventProviderFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An event provider entry: {@code type}, optional {@code name}, and the settings section of that type. */
@BindWith(ProviderSection.Adapter.class)
public record ProviderSection(String type, String name, Object settings, EventProviderFactory<?> factory) {

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
        TypedSection.Bound bound = TypedSection.bind(node, path, binder, kinds(registry), Set.of(), "provider");
        String type = bound.kind().type();
        return new ProviderSection(type, bound.name(), bound.settings(), registry.provider(type).orElseThrow());
    }

    static void describe(ObjectNode schema, SchemaWriter writer) {
        schema.put("description", "An event provider: where events come from.");
        TypedSection.describe(schema, writer, kinds(writer.binder().service(ConnectorRegistry.class)), Map.of());
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
