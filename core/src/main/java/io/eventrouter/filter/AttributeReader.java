package io.eventrouter.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.types.Time;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Reads one context attribute or extension of an event as text, the way Knative's attribute filters see it:
 * non-string values are compared in their canonical string form (a URI as written, a time in RFC 3339, an integer in
 * decimal, a boolean as {@code true}/{@code false}, binary in base64). A missing attribute reads as {@code null}.
 *
 * <p>The reader for a name is chosen once, when the filter is compiled: the required and optional attributes go
 * straight to their getters, so a filter on {@code type} costs one call and one string comparison.
 */
@FunctionalInterface
interface AttributeReader {

    /** CloudEvents attribute names: lower-case letters and digits (spec §3.1.1 "Attribute Naming Convention"). */
    Pattern NAME = Pattern.compile("[a-z0-9]+");

    String read(CloudEvent event);

    static AttributeReader of(String name) {
        return switch (name) {
            case "id" -> CloudEvent::getId;
            case "type" -> CloudEvent::getType;
            case "source" -> event -> event.getSource().toString();
            case "specversion" -> event -> event.getSpecVersion().toString();
            case "subject" -> CloudEvent::getSubject;
            case "datacontenttype" -> CloudEvent::getDataContentType;
            case "dataschema" -> event -> text(event.getDataSchema());
            case "time" -> event -> text(event.getTime());
            default -> event -> text(event.getExtension(name));
        };
    }

    static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String string -> string;
            case URI uri -> uri.toString();
            case OffsetDateTime time -> Time.writeTime(time);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            default -> value.toString();
        };
    }
}
