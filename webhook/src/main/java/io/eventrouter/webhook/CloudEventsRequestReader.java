package io.eventrouter.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the CloudEvents of one HTTP request, by the HTTP protocol binding: the Content-Type selects batched
 * ({@code application/cloudevents-batch+json}), structured ({@code application/cloudevents+<format>}) or binary mode
 * ({@code ce-*} headers). Anything that is not a valid event is a {@link BadRequestException} with the reason.
 */
final class CloudEventsRequestReader {

    private static final String BATCH = "application/cloudevents-batch";
    private static final String STRUCTURED = "application/cloudevents";
    /** Reads a batch's array, and each element as an event with the SDK's own JSON event deserializer. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());

    /** The longest RFC 3339 time a java.time.OffsetDateTime formats to (a nine-digit year, nanoseconds, offset). */
    private static final int LONGEST_TIME = 41;

    private CloudEventsRequestReader() {
    }

    /**
     * @param headers           request headers with lower-case names
     * @param maxAttributeBytes the largest size of one event's attributes (UTF-8 names and values, data excluded)
     */
    static List<CloudEvent> read(Map<String, String> headers, byte[] body, int maxAttributeBytes)
            throws BadRequestException {
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT).strip();
        List<CloudEvent> events;
        if (contentType.startsWith(BATCH)) {
            events = readBatch(contentType, body);
        } else if (contentType.startsWith(STRUCTURED)) {
            events = List.of(readStructured(contentType, body));
        } else {
            events = List.of(readBinary(headers, body));
        }
        for (CloudEvent event : events) {
            check(event);
            checkSize(event, maxAttributeBytes);
        }
        return events;
    }

    private static List<CloudEvent> readBatch(String contentType, byte[] body) throws BadRequestException {
        if (!contentType.startsWith(BATCH + "+json")) {
            throw new BadRequestException(415, "unsupported batch format " + contentType + " (use application/cloudevents-batch+json)");
        }
        JsonNode array;
        try {
            array = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "batch is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestException(400, "cannot read batch: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            throw new BadRequestException(400, "a batch must be a JSON array of events");
        }
        List<CloudEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            try {
                events.add(JSON.treeToValue(array.get(i), CloudEvent.class));
            } catch (RuntimeException | JsonProcessingException e) {
                throw new BadRequestException(400, "batch event [" + i + "] is invalid: " + reason(e));
            }
        }
        return events;
    }

    private static CloudEvent readStructured(String contentType, byte[] body) throws BadRequestException {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(contentType);
        if (format == null) {
            throw new BadRequestException(415, "unsupported event format " + contentType
                    + " (use application/cloudevents+json or binary mode)");
        }
        CloudEvent event;
        try {
            event = format.deserialize(body);
        } catch (RuntimeException e) {
            throw new BadRequestException(400, "invalid structured event: " + reason(e));
        }
        check(event);
        return event;
    }

    private static CloudEvent readBinary(Map<String, String> headers, byte[] body) throws BadRequestException {
        if (!headers.containsKey("ce-specversion")) {
            throw new BadRequestException(400, "not a CloudEvent: no ce-specversion header and no "
                    + "application/cloudevents content type");
        }
        try {
            return HttpMessageFactory.createReader(headers, body).read(BinaryEventBuilder::new);
        } catch (RuntimeException e) {
            throw new BadRequestException(400, "invalid binary-mode event: " + reason(e));
        }
    }

    private static void check(CloudEvent event) throws BadRequestException {
        if (event == null) {
            // the SDK's JSON format reads the JSON literal null as no event
            throw new BadRequestException(400, "not a CloudEvent: the event is JSON null");
        }
        if (event.getId() == null || event.getId().isEmpty()) {
            throw new BadRequestException(400, "invalid event: id must not be empty");
        }
        if (event.getType() == null || event.getType().isEmpty()) {
            throw new BadRequestException(400, "invalid event " + event.getId() + ": type must not be empty");
        }
        if (event.getSource() == null || event.getSource().toString().isEmpty()) {
            throw new BadRequestException(400, "invalid event " + event.getId() + ": source must not be empty");
        }
    }

    /** Attributes travel in HTTP headers and are kept in statistics: a request must not make them unbounded. */
    static void checkSize(CloudEvent event, int maxAttributeBytes) throws BadRequestException {
        // a time counts at its longest first: formatting it is most of this check's cost, and only worth it when
        // the event may be too large
        if (attributeBytes(event, false) > maxAttributeBytes) {
            long size = attributeBytes(event, true);
            if (size > maxAttributeBytes) {
                throw new BadRequestException(413, "event attributes of " + size + " bytes (data excluded); at most "
                        + maxAttributeBytes + " are accepted (webhook.maxAttributeBytes)");
            }
        }
    }

    private static long attributeBytes(CloudEvent event, boolean formatTimes) {
        long size = 0;
        // the spec version's names, not getAttributeNames(), which collects the present ones into a new set
        for (String name : event.getSpecVersion().getAllAttributes()) {
            Object value = event.getAttribute(name);
            if (value != null) {
                size += name.length() + utf8Length(value, formatTimes);
            }
        }
        for (String name : event.getExtensionNames()) {
            size += name.length() + utf8Length(event.getExtension(name), formatTimes);
        }
        return size;
    }

    private static long utf8Length(Object value, boolean formatTimes) {
        if (value == null) {
            return 0;
        }
        if (value instanceof OffsetDateTime && !formatTimes) {
            return LONGEST_TIME;
        }
        String text = value.toString();
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            length += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return length;
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
