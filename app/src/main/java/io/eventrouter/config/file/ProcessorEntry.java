package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;

/** A processor of an eventrouter.io/v1 file: the v1alpha1 shape with a required, unique name and filters. */
@BindWith(ProcessorEntry.Adapter.class)
public record ProcessorEntry(ProcessorSection section) {

    static final class Adapter implements TypeAdapter<ProcessorEntry> {

        @Override
        public ProcessorEntry bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            NamedEntries.requireName(node, path, "processor");
            return new ProcessorEntry(ProcessorSection.bind(node, path, binder, true));
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            ProcessorSection.describe(schema, writer, true);
            NamedEntries.nameRequired(schema);
        }
    }
}
