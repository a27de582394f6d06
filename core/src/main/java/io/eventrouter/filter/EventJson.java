package io.eventrouter.filter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An event as the {@code pattern} dialect sees it: one JSON object with the context attributes and extensions at the
 * top level (as in the CloudEvents JSON format) and {@code data} as JSON when the content type is JSON (or absent and
 * the data parses as JSON), as a string for {@code text/*}; other data is left out.
 */
public final class EventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    /**
     * The event restricted to {@code fields} (all of it when {@code null}): only the attributes and extensions the
     * tree names, and {@code data} only when it names it, parsed only as far as it names paths in it.
     */
    static ObjectNode of(CloudEvent event, FieldTree fields) {
        ObjectNode root = JSON.createObjectNode();
        for (String name : event.getAttributeNames()) {
            if (fields == null || fields.has(name)) {
                putValue(root, name, event.getAttribute(name));
            }
        }
        for (String name : event.getExtensionNames()) {
            if (fields == null || fields.has(name)) {
                putValue(root, name, event.getExtension(name));
            }
        }
        if (fields == null || fields.has("data")) {
            JsonNode data = event.getData() == null ? null
                    : data(event.getData(), event.getDataContentType(), fields == null ? null : fields.child("data"));
            if (data != null) {
                root.set("data", data);
            }
        }
        return root;
    }

    /** The event's data as JSON (see the class comment), or {@code null} when it has none that reads as JSON. */
    public static JsonNode dataOf(CloudEvent event) {
        return event.getData() == null ? null : data(event.getData(), event.getDataContentType(), null);
    }

    private static void putValue(ObjectNode root, String name, Object value) {
        switch (value) {
            case null -> {
            }
            case Integer number -> root.put(name, number);
            case Boolean bool -> root.put(name, bool);
            default -> root.put(name, AttributeReader.text(value));
        }
    }

    /** @param paths the paths to read from JSON data, {@code null} for all of it */
    private static JsonNode data(CloudEventData data, String contentType, FieldTree paths) {
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        String mediaType = contentType == null ? null
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType == null || mediaType.equals("application/json") || mediaType.equals("text/json")
                || mediaType.endsWith("+json")) {
            return parse(data.toBytes(), paths);
        }
        if (mediaType.startsWith("text/")) {
            return JSON.getNodeFactory().textNode(new String(data.toBytes(), StandardCharsets.UTF_8));
        }
        return null;
    }

    private static JsonNode parse(byte[] json, FieldTree paths) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (paths == null) {
                return JSON.readTree(parser);
            }
            try (JsonParser filtered = new FilteringParserDelegate(parser, paths.tokenFilter(),
                    TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
                JsonNode node = JSON.readTree(filtered);
                return node == null || node.isMissingNode() ? JSON.createObjectNode() : node;
            }
        } catch (IOException e) {
            return null; // not JSON after all: patterns on data do not match it
        }
    }
}
