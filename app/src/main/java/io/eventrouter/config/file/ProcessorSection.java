package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.DeliveryDefaults;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.DeliverySpec;
import io.eventrouter.config.RetryRules;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;
import io.eventrouter.extensions.ExtensionAttributes;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.filter.FilterSpec;
import io.eventrouter.filter.Filters;
import io.eventrouter.filter.LegacyFilterSpec;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.spi.EventProcessorFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event processor entry: {@code type}, optional {@code name}, the settings section of that type, and an optional
 * {@code delivery} spec (our extension: retries, backoff, timeout, dead-letter sink, concurrency, queue limits). In
 * {@code eventrouter.io/v1} it also has {@code filters} and the legacy {@code filter}, compiled here once into
 * {@link #filter()}; in v1alpha1 every event goes to the processor. Optional {@code extensions} are promoted from
 * data into the events this processor receives (and its filters see); {@code null} when none.
 */
@BindWith(ProcessorSection.Adapter.class)
public record ProcessorSection(String type, String name, Object settings, DeliverySpec delivery, EventFilter filter,
                               EventProcessorFactory<?> factory, ExtensionAttributes extensions,
                               boolean originalFormat) {

    private static final Set<String> V1ALPHA1_KEYS = Set.of("delivery", "extensions");
    private static final Set<String> V1_KEYS = Set.of("delivery", "filters", "filter", "extensions");

    public ProcessorSection(String type, String name, Object settings, DeliverySpec delivery, EventFilter filter,
                            EventProcessorFactory<?> factory) {
        this(type, name, settings, delivery, filter, factory, null, false);
    }

    public String displayName() {
        return name != null ? name : type;
    }

    /**
     * The complete delivery policy: the processor type's defaults (for the file's format: the original's retry
     * rules in its formats) with what the file's section overrides.
     */
    public DeliveryPolicy effectiveDelivery() {
        return (delivery == null ? DeliverySpec.NONE : delivery).over(defaults(factory, originalFormat));
    }

    private static DeliveryPolicy defaults(EventProcessorFactory<?> factory, boolean originalFormat) {
        return originalFormat ? DeliveryDefaults.inOriginalFormats(factory) : DeliveryDefaults.of(factory);
    }

    static Map<String, TypedSection.Kind> kinds(ConnectorRegistry registry) {
        Map<String, TypedSection.Kind> kinds = new LinkedHashMap<>();
        registry.processors().forEach(f -> kinds.put(f.type(), new TypedSection.Kind(f.type(), f.sectionKey(), f.configType())));
        return kinds;
    }

    /** Binds an entry; {@code withFilters} for the versions that have filters. */
    static ProcessorSection bind(ConfigNode node, ConfigPath path, Binder binder, boolean withFilters)
            throws ConfigException {
        ConnectorRegistry registry = binder.service(ConnectorRegistry.class);
        TypedSection.Bound bound = TypedSection.bind(node, path, binder, kinds(registry),
                withFilters ? V1_KEYS : V1ALPHA1_KEYS, "processor");
        ConfigNode deliveryNode = bound.node().get("delivery");
        DeliverySpec delivery = deliveryNode == null ? null
                : binder.bind(deliveryNode, DeliverySpec.class, path.field("delivery"));
        EventFilter filter = withFilters ? filter(bound.node(), path, binder) : EventFilter.ALL;
        String type = bound.kind().type();
        ConfigNode extensionsNode = bound.node().get("extensions");
        ExtensionAttributes extensions = extensionsNode == null || extensionsNode instanceof ConfigNode.NullNode ? null
                : binder.bind(extensionsNode, ExtensionAttributes.class, path.field("extensions"));
        EventProcessorFactory<?> factory = registry.processor(type).orElseThrow();
        if (delivery != null && delivery.retryRules() == RetryRules.ORIGINAL
                && DeliveryDefaults.inOriginalFormats(factory).retryRules() != RetryRules.ORIGINAL) {
            ConfigNode rules = ((ConfigNode.MapNode) deliveryNode).get("retryRules");
            throw new ConfigException(path.field("delivery").field("retryRules"), rules.location(),
                    "the original router had no retry rules of its own for " + type + ": use knative");
        }
        return new ProcessorSection(type, bound.name(), bound.settings(), delivery, filter, factory, extensions,
                !withFilters);
    }

    private static EventFilter filter(ConfigNode.MapNode node, ConfigPath path, Binder binder) throws ConfigException {
        List<FilterSpec> filters = new ArrayList<>();
        ConfigNode filtersNode = node.get("filters");
        if (filtersNode instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                filters.add(binder.bind(list.items().get(i), FilterSpec.class, path.field("filters").index(i)));
            }
        } else if (filtersNode != null && !(filtersNode instanceof ConfigNode.NullNode)) {
            throw new ConfigException(path.field("filters"), filtersNode.location(),
                    "expected a list of filters, got " + filtersNode.describe());
        }
        ConfigNode legacyNode = node.get("filter");
        LegacyFilterSpec legacy = legacyNode == null ? null
                : binder.bind(legacyNode, LegacyFilterSpec.class, path.field("filter"));
        return Filters.compile(filters, legacy);
    }

    /** The schema of an entry; {@code withFilters} as for {@link #bind}. */
    static void describe(ObjectNode schema, SchemaWriter writer, boolean withFilters) {
        schema.put("description", "An event processor: where events go.");
        Map<String, ObjectNode> common = new LinkedHashMap<>();
        ObjectNode delivery = writer.schemaOf(DeliverySpec.class);
        delivery.put("description", "How events are delivered: retries, backoff, timeout, dead-letter sink.");
        common.put("delivery", delivery);
        common.put("extensions", writer.schemaOf(ExtensionAttributes.class));
        if (withFilters) {
            ObjectNode filters = writer.schemaOf(FilterSpec.class);
            ObjectNode list = schema.objectNode().put("type", "array");
            list.put("description", "Which events the processor receives: every filter must match (AND). "
                    + "Without filters (and filter) it receives every event.");
            list.set("items", filters);
            common.put("filters", list);
            ObjectNode legacy = writer.schemaOf(LegacyFilterSpec.class);
            legacy.put("description", "Knative's original Trigger filter (attributes); ignored when filters is given.");
            common.put("filter", legacy);
        }
        TypedSection.describe(schema, writer, kinds(writer.binder().service(ConnectorRegistry.class)), common);
    }

    static final class Adapter implements TypeAdapter<ProcessorSection> {

        @Override
        public ProcessorSection bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            return ProcessorSection.bind(node, path, binder, false);
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            ProcessorSection.describe(schema, writer, false);
        }
    }
}
