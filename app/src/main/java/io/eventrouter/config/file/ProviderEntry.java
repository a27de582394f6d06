package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;

/** A provider of an eventrouter.io/v1 file: the v1alpha1 shape with a required, unique name. */
@BindWith(ProviderEntry.Adapter.class)
public record ProviderEntry(ProviderSection section) {

    static final class Adapter implements TypeAdapter<ProviderEntry> {

        @Override
        public ProviderEntry bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            NamedEntries.requireName(node, path, "provider");
            return new ProviderEntry(ProviderSection.bind(node, path, binder));
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            ProviderSection.describe(schema, writer);
            NamedEntries.nameRequired(schema);
        }
    }
}
