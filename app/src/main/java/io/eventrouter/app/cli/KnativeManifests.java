package io.eventrouter.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.spi.EventTypeCatalog.DataField;
import io.eventrouter.spi.EventTypeCatalog.EventType;
import io.eventrouter.spi.EventTypeCatalog.Extension;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Knative resources for one vCenter event type: an {@code EventType} for the Broker's event registry
 * ({@code eventing.knative.dev/v1beta3}, whose spec lists the attributes, or the older {@code v1beta2}, whose spec has
 * {@code type} and {@code source}) and a {@code Trigger} that selects the type on the Broker.
 */
final class KnativeManifests {

    /** Where the events are: the Broker, its namespace, and the vCenter's SDK URL when known. */
    record Target(String broker, String namespace, String source, String format) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KnativeManifests() {
    }

    static ObjectNode eventType(EventType type, Target target, String apiVersion) {
        ObjectNode manifest = NODES.objectNode();
        manifest.put("apiVersion", "eventing.knative.dev/" + apiVersion);
        manifest.put("kind", "EventType");
        ObjectNode metadata = metadata(manifest, type, target);
        metadata.putObject("labels").put("app.kubernetes.io/part-of", "event-router");
        ObjectNode spec = manifest.putObject("spec");
        ObjectNode reference = spec.putObject("reference");
        reference.put("apiVersion", "eventing.knative.dev/v1").put("kind", "Broker").put("name", target.broker());
        spec.put("description", description(type));
        String ceType = type.cloudEventType(target.format());
        if (apiVersion.equals("v1beta2")) {
            spec.put("type", ceType);
            if (target.source() != null) {
                spec.put("source", target.source());
            }
            return manifest;
        }
        ArrayNode attributes = spec.putArray("attributes");
        attribute(attributes, "specversion", "1.0", true);
        attribute(attributes, "id", null, true);
        attribute(attributes, "type", ceType, true);
        attribute(attributes, "source", target.source(), true);
        attribute(attributes, "subject", type.name(), true);
        attribute(attributes, "time", null, true);
        attribute(attributes, "datacontenttype", "application/json", true);
        for (Extension extension : type.extensions(target.format())) {
            attribute(attributes, extension.name(), extension.value(), extension.required());
        }
        return manifest;
    }

    static ObjectNode trigger(EventType type, Target target, String subscriber) {
        ObjectNode manifest = NODES.objectNode();
        manifest.put("apiVersion", "eventing.knative.dev/v1");
        manifest.put("kind", "Trigger");
        metadata(manifest, type, target);
        ObjectNode spec = manifest.putObject("spec");
        spec.put("broker", target.broker());
        ObjectNode attributes = spec.putObject("filter").putObject("attributes");
        attributes.put("type", type.cloudEventType(target.format()));
        attributes.put("subject", type.name());
        if (target.source() != null) {
            attributes.put("source", target.source());
        }
        spec.putObject("subscriber").putObject("ref").put("apiVersion", "serving.knative.dev/v1")
                .put("kind", "Service").put("name", subscriber);
        return manifest;
    }

    private static ObjectNode metadata(ObjectNode manifest, EventType type, Target target) {
        ObjectNode metadata = manifest.putObject("metadata");
        metadata.put("name", resourceName(type.name()));
        if (target.namespace() != null) {
            metadata.put("namespace", target.namespace());
        }
        return metadata;
    }

    private static void attribute(ArrayNode attributes, String name, String value, boolean required) {
        ObjectNode attribute = attributes.addObject().put("name", name);
        if (value != null) {
            attribute.put("value", value);
        }
        attribute.put("required", required);
    }

    private static String description(EventType type) {
        return type.description() + "; data fields: "
                + type.fields().stream().map(DataField::name).collect(Collectors.joining(", "));
    }

    /** A Kubernetes name (RFC 1123 label): lower case, dots and other characters to dashes, at most 63. */
    static String resourceName(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (lower.length() > 63) {
            lower = lower.substring(0, 63).replaceAll("-+$", "");
        }
        return lower.isEmpty() ? "event" : lower;
    }
}
