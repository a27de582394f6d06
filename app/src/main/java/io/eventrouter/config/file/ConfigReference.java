package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.config.Binder;
import io.eventrouter.config.References;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.EventProviderFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the configuration reference (Markdown) from the same declarations as the JSON schema: every field of every
 * settings object, with its type, default and description. {@code docs/configuration.md} is this output; a test
 * keeps the two equal.
 */
public final class ConfigReference {

    /** The delivery section's fields default per processor type: its table points to {@link DeliveryDefaultsTable}. */
    private static final String DELIVERY_SPEC = "DeliverySpec";

    private final ConnectorRegistry registry;
    private final SchemaWriter writer;
    private final StringBuilder out = new StringBuilder();
    private final Set<String> written = new LinkedHashSet<>();

    public ConfigReference(ConnectorRegistry registry) {
        this.registry = registry;
        this.writer = new SchemaWriter(new Binder(References.system()).with(ConnectorRegistry.class, registry));
    }

    public String render() {
        String v1alpha1 = writer.define(RouterConfigV1alpha1.class);
        String v1 = writer.define(RouterConfigV1.class);
        // sorted: the class path decides the registry's order, and this text must not depend on it
        List<EventProviderFactory<?>> providerFactories = registry.providers().stream()
                .sorted(java.util.Comparator.comparing(EventProviderFactory::type)).toList();
        List<EventProcessorFactory<?>> processorFactories = registry.processors().stream()
                .sorted(java.util.Comparator.comparing(EventProcessorFactory::type)).toList();
        List<String> providers = new ArrayList<>();
        providerFactories.forEach(f -> providers.add(writer.define(f.configType())));
        List<String> processors = new ArrayList<>();
        processorFactories.forEach(f -> processors.add(writer.define(f.configType())));

        out.append("# Configuration reference\n\n")
                .append("Generated from the configuration records by `./event-router schema --markdown`; the JSON schema ")
                .append("(`./event-router schema`) comes from the same declarations. Durations are ISO-8601 (`PT0.5S`) ")
                .append("or Go-style (`500ms`, `1h30m`); a *secret* may also be written `${env:NAME}` or `${file:PATH}`.\n\n");
        out.append("## The file\n\n");
        record(v1alpha1, "`apiVersion: event-router.vmware.com/v1alpha1` (the original's format)");
        record(v1, "`apiVersion: eventrouter.io/v1` (several providers and processors, filters)");
        out.append("An `eventProvider` (or an entry of `eventProviders`) has `type`, `name` (required and unique in ")
                .append("`eventrouter.io/v1`) and the settings object named after its type. An `eventProcessor` (or an ")
                .append("entry of `eventProcessors`) has the same, plus [`delivery`](#deliveryspec), and in ")
                .append("`eventrouter.io/v1` [`filters`](#filterspec) and the legacy [`filter`](#legacyfilterspec). ")
                .append("Both may have `extensions`: CloudEvent extension attributes promoted from the event's JSON ")
                .append("data, as a mapping of attribute name (lower-case letters and digits) to JSON pointer ")
                .append("(`vmname: /Vm/Name`) or as a preset name (")
                .append(String.join(", ", io.eventrouter.extensions.ExtensionPresets.names().stream()
                        .map(name -> "`" + name + "`").toList()))
                .append(").\n\n");
        out.append("## Providers\n\n");
        int i = 0;
        for (EventProviderFactory<?> factory : providerFactories) {
            connector(factory.type(), factory.sectionKey(), factory.description(), providers.get(i++));
        }
        out.append("## Processors\n\n");
        i = 0;
        for (EventProcessorFactory<?> factory : processorFactories) {
            connector(factory.type(), factory.sectionKey(), factory.description(), processors.get(i++));
        }
        out.append(DeliveryDefaultsTable.render(processorFactories));
        out.append("## Shared settings\n\n");
        Set<String> rest = new TreeSet<>();
        writer.defs().fieldNames().forEachRemaining(rest::add);
        rest.removeAll(written);
        for (String name : rest) {
            record(name, null);
        }
        return out.toString();
    }

    private void connector(String type, String sectionKey, String description, String def) {
        out.append("### `").append(type).append("`\n\n").append(description).append(" Settings key: `")
                .append(sectionKey).append("`.\n\n");
        fields(def);
        written.add(def);
    }

    private void record(String def, String title) {
        JsonNode schema = writer.defs().get(def);
        out.append("### ").append(title != null ? title : def).append("\n\n");
        if (title != null) {
            out.append("<a id=\"").append(def.toLowerCase(java.util.Locale.ROOT)).append("\"></a>\n\n");
        }
        if (schema.has("description")) {
            out.append(schema.get("description").asText()).append("\n\n");
        }
        fields(def);
        written.add(def);
    }

    private void fields(String def) {
        JsonNode schema = writer.defs().get(def);
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        out.append("| field | type | default | description |\n| --- | --- | --- | --- |\n");
        for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
            JsonNode property = field.getValue();
            String defaultValue = property.has("default") ? "`" + compact(property.get("default")) + "`"
                    : required.contains(field.getKey()) ? "required"
                    : def.equals(DELIVERY_SPEC) ? "[per type](#" + DeliveryDefaultsTable.ANCHOR + ")" : "—";
            out.append("| `").append(field.getKey()).append("` | ").append(typeOf(property)).append(" | ")
                    .append(defaultValue).append(" | ").append(cell(property.path("description").asText(""))).append(" |\n");
        }
        out.append('\n');
    }

    private String typeOf(JsonNode property) {
        if (property.has("$ref")) {
            String name = property.get("$ref").asText().substring("#/$defs/".length());
            String anchor = "(#" + name.toLowerCase(java.util.Locale.ROOT) + ")";
            JsonNode authTypes = writer.defs().path(name).path("x-auth-types");
            if (authTypes.isArray()) {
                // the auth types this connector accepts, in its own row
                List<String> types = new ArrayList<>();
                authTypes.forEach(t -> types.add("`" + t.asText() + "`"));
                return "[credentials]" + anchor + ": " + String.join(" \\| ", types);
            }
            return "[" + name + "]" + anchor;
        }
        if (property.has("enum")) {
            List<String> values = new ArrayList<>();
            property.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            return String.join(" \\| ", values);
        }
        if (property.has("oneOf")) {
            List<String> kinds = new ArrayList<>();
            property.get("oneOf").forEach(option -> kinds.add(typeOf(option)));
            return String.join(" or ", kinds);
        }
        String type = property.path("type").asText("any");
        return switch (type) {
            case "array" -> "list of " + typeOf(property.path("items"));
            case "object" -> property.has("additionalProperties") && property.get("additionalProperties").isObject()
                    ? "map of " + typeOf(property.get("additionalProperties")) : "mapping";
            case "string" -> property.path("x-secret").asBoolean() ? "secret"
                    : property.path("format").asText().equals("uri") ? "URL"
                    : property.has("pattern") && property.get("pattern").asText().contains("ms|s|m|h") ? "duration"
                    : "string";
            default -> type;
        };
    }

    private static String compact(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
