package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.DeliverySpec;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.spi.EventProcessorFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An event processor entry: {@code type}, optional {@code name}, the settings section of that type, and an optional
 * {@code delivery} spec (our extension: retries, backoff, timeout, dead-letter sink, concurrency, queue limits).
 */
@BindWith(ProcessorSection.Adapter.class)
public record ProcessorSection(String type, String name, Object settings, DeliverySpec delivery,
                               EventProcessorFactory<?> factory) {

    public String displayName() {
        return name != null ? name : type;
    }

    /** The delivery spec with the processor's defaults filled in. */
    public DeliverySpec effectiveDelivery() {
        DeliverySpec defaults = factory.defaultDelivery().withDefaults(DeliverySpec.DEFAULT);
        return delivery == null ? defaults : delivery.withDefaults(defaults);
    }

    static Map<String, TypedSection.Kind> kinds(ConnectorRegistry registry) {
        Map<String, TypedSection.Kind> kinds = new LinkedHashMap<>();
        registry.processors().forEach(f -> kinds.put(f.type(), new TypedSection.Kind(f.type(), f.sectionKey(), f.configType())));
        return kinds;
    }

    static final class Adapter implements TypeAdapter<ProcessorSection> {

        @Override
        public ProcessorSection bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            ConnectorRegistry registry = binder.service(ConnectorRegistry.class);
            TypedSection.Bound bound = TypedSection.bind(node, path, binder, kinds(registry), Set.of("delivery"),
                    "processor");
            ConfigNode deliveryNode = bound.node().get("delivery");
            DeliverySpec delivery = deliveryNode == null ? null
                    : binder.bind(deliveryNode, DeliverySpec.class, path.field("delivery"));
            String type = bound.kind().type();
            return new ProcessorSection(type, bound.name(), bound.settings(), delivery,
                    registry.processor(type).orElseThrow());
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            schema.put("description", "An event processor: where events go.");
            ObjectNode delivery = writer.schemaOf(DeliverySpec.class);
            delivery.put("description", "How events are delivered: retries, backoff, timeout, dead-letter sink.");
            TypedSection.describe(schema, writer, kinds(writer.binder().service(ConnectorRegistry.class)),
                    Map.of("delivery", delivery));
        }
    }
}
