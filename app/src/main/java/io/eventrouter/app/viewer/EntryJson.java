package io.eventrouter.app.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.types.Time;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The viewer's JSON for an entry, one line per SSE frame:
 * {@code {"seq":…,"receivedAt":…,"provider":…,"attributes":{…},"extensions":{…},"data":…,"dataEncoding":"text|base64",
 * "dataBytes":…,"dataTruncated":…,"outcomes":{"<processor>":{"state":…,…}}}}.
 */
final class EntryJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The order people read attributes in (the SDK's own order starts with subject). */
    private static final List<String> ATTRIBUTE_ORDER = List.of("specversion", "id", "source", "type", "subject",
            "time", "datacontenttype", "dataschema");

    private EntryJson() {
    }

    /** The whole entry with its current outcomes. */
    static String full(ViewerEntry entry) {
        String body = entry.staticJson();
        return "{" + body + ",\"outcomes\":" + outcomes(entry) + "}";
    }

    /** A status update: the entry's number and all its current outcomes. */
    static String status(ViewerEntry entry) {
        return "{\"seq\":" + entry.sequence() + ",\"outcomes\":" + outcomes(entry) + "}";
    }

    /** The unchanging fields, as the inside of a JSON object (no braces), so outcomes can be appended cheaply. */
    static String staticPart(ViewerEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", entry.sequence());
        node.put("receivedAt", entry.receivedAt().toString());
        node.put("provider", entry.provider());
        CloudEvent event = entry.attributes();
        ObjectNode attributes = node.putObject("attributes");
        for (String name : ATTRIBUTE_ORDER) {
            Object value = event.getAttribute(name);
            if (value != null) {
                attributes.put(name, text(value));
            }
        }
        for (String name : event.getAttributeNames()) {
            Object value = event.getAttribute(name);
            if (value != null && !attributes.has(name)) {
                attributes.put(name, text(value));
            }
        }
        ObjectNode extensions = node.putObject("extensions");
        for (String name : event.getExtensionNames()) {
            extensions.put(name, text(event.getExtension(name)));
        }
        byte[] data = entry.data();
        if (data != null) {
            boolean textual = isTextual(event.getDataContentType());
            node.put("data", textual ? new String(data, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(data));
            node.put("dataEncoding", textual ? "text" : "base64");
            node.put("dataBytes", entry.dataBytes());
            node.put("dataTruncated", entry.dataTruncated());
        }
        String json = write(node);
        return json.substring(1, json.length() - 1);
    }

    static String outcomes(ViewerEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<String, Outcome> e : entry.outcomes().entrySet()) {
            Outcome outcome = e.getValue();
            ObjectNode o = node.putObject(e.getKey());
            o.put("state", outcome.state().wireName());
            o.put("attempts", outcome.attempts());
            if (outcome.statusCode() != 0) {
                o.put("status", outcome.statusCode());
            }
            if (!outcome.detail().isEmpty()) {
                o.put("detail", outcome.detail());
            }
            o.put("at", outcome.at().toString());
            if (outcome.nextAttemptAt() != null) {
                o.put("nextAttemptAt", outcome.nextAttemptAt().toString());
            }
        }
        return write(node);
    }

    /** Data the browser can show as text: JSON, XML, text/*, or no declared type (vCenter events are JSON). */
    static boolean isTextual(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon).trim();
        }
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json") || type.endsWith("/xml")
                || type.endsWith("+xml") || type.equals("application/x-www-form-urlencoded");
    }

    /** An attribute's text as the CloudEvents HTTP binding writes it (RFC 3339 times, base64 binary). */
    private static String text(Object value) {
        if (value instanceof OffsetDateTime time) {
            return Time.writeTime(time);
        }
        return value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : value.toString();
    }

    static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render viewer JSON", e);
        }
    }
}
