package io.eventrouter.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wraps plain JSON documents into CloudEvents: {@code type} and {@code source} from the settings, {@code id},
 * {@code subject} and {@code time} read by JSON pointer, and the document as data. A request that is a CloudEvent
 * (a {@code ce-specversion} header or an {@code application/cloudevents} content type) is left to
 * {@link CloudEventsRequestReader}, so one endpoint takes both.
 */
final class PlainJsonRequestReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String JSON_CONTENT_TYPE = "application/json";

    private final PlainJsonSettings settings;
    private final URI source;
    private final JsonPointer id;
    private final JsonPointer subject;
    private final JsonPointer time;

    PlainJsonRequestReader(PlainJsonSettings settings) {
        this.settings = settings;
        this.source = URI.create(settings.source());
        this.id = compile(settings.id());
        this.subject = compile(settings.subject());
        this.time = compile(settings.time());
    }

    /**
     * @param headers           request headers with lower-case names
     * @param maxAttributeBytes the largest size of one event's attributes, as for CloudEvents requests (an id or
     *                          subject taken from the document counts too)
     */
    List<CloudEvent> read(Map<String, String> headers, byte[] body, int maxAttributeBytes) throws BadRequestException {
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT).strip();
        if (headers.containsKey("ce-specversion") || contentType.startsWith("application/cloudevents")) {
            return CloudEventsRequestReader.read(headers, body, maxAttributeBytes);
        }
        if (!contentType.isEmpty() && !isJson(contentType)) {
            throw new BadRequestException(415, "unsupported content type " + contentType
                    + " (send a JSON document as application/json, or a CloudEvent)");
        }
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException(400, "cannot read body: " + e.getMessage());
        }
        if (document == null || document.isMissingNode()) {
            throw new BadRequestException(400, "body is empty: expected a JSON document");
        }
        if (settings.splitArrays() && document.isArray()) {
            List<CloudEvent> events = new ArrayList<>(document.size());
            for (int i = 0; i < document.size(); i++) {
                JsonNode element = document.get(i);
                events.add(wrap(element, serialize(element), "document [" + i + "]: "));
            }
            for (CloudEvent event : events) {
                CloudEventsRequestReader.checkSize(event, maxAttributeBytes);
            }
            return events;
        }
        CloudEvent event = wrap(document, body, "");
        CloudEventsRequestReader.checkSize(event, maxAttributeBytes);
        return List.of(event);
    }

    private CloudEvent wrap(JsonNode document, byte[] bytes, String where) throws BadRequestException {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withType(settings.type())
                .withSource(source)
                .withId(id == null ? sha256(bytes) : requiredText(document, id, "id", where))
                .withDataContentType(JSON_CONTENT_TYPE)
                .withData(BytesCloudEventData.wrap(bytes));
        if (subject != null) {
            builder.withSubject(requiredText(document, subject, "subject", where));
        }
        if (time != null) {
            builder.withTime(time(document, where));
        }
        return builder.build();
    }

    /** The string or number at {@code pointer}; anything else is the sender's mistake. */
    private static String requiredText(JsonNode document, JsonPointer pointer, String attribute, String where)
            throws BadRequestException {
        JsonNode value = document.at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            throw new BadRequestException(400, where + attribute + ": nothing at JSON pointer " + pointer);
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new BadRequestException(400, where + attribute + ": JSON pointer " + pointer + " is "
                    + describe(value) + ", expected a string or a number");
        }
        String text = value.asText();
        if (text.isEmpty()) {
            throw new BadRequestException(400, where + attribute + ": JSON pointer " + pointer + " is an empty string");
        }
        return text;
    }

    private OffsetDateTime time(JsonNode document, String where) throws BadRequestException {
        JsonNode value = document.at(time);
        if (value.isMissingNode() || value.isNull()) {
            throw new BadRequestException(400, where + "time: nothing at JSON pointer " + time);
        }
        if (value.isIntegralNumber()) {
            long number = value.asLong();
            Instant instant = settings.timeUnit() == PlainJsonSettings.TimeUnit.MILLISECONDS
                    ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new BadRequestException(400, where + "time: JSON pointer " + time + " is \""
                        + abbreviate(value.asText()) + "\", not an RFC 3339 time");
            }
        }
        throw new BadRequestException(400, where + "time: JSON pointer " + time + " is " + describe(value)
                + ", expected an RFC 3339 string or an integer");
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip();
        return mediaType.equals(JSON_CONTENT_TYPE) || mediaType.endsWith("+json") || mediaType.equals("text/json");
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static byte[] serialize(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    private static JsonPointer compile(String pointer) {
        return pointer == null ? null : JsonPointer.compile(pointer);
    }
}
