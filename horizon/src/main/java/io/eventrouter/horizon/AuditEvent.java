package io.eventrouter.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.nio.charset.StandardCharsets;

/**
 * One Horizon {@code AuditEventSummary}. Its CloudEvent is the original's (id = the event id, source = the Horizon
 * address, type {@code com.vmware.event.router/horizon.<lower(type)>.v0}, data = the summary with its snake_case
 * fields, empty ones left out, time in UTC). This router's own attributes keep the time to the millisecond and carry
 * the event type as {@code subject} (for filters, OpenFaaS topics, EventBridge's DetailType and {@code /stats}); the
 * original's have no subject and the time cut to the second.
 */
record AuditEvent(long id, long time, String type, JsonNode summary) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TYPE_PREFIX = "com.vmware.event.router/horizon.";
    /** The summary's fields in the original's order; numbers are {@code id} and {@code time}. */
    private static final List<String> FIELDS = List.of("application_pool_name", "desktop_pool_name", "id",
            "machine_dns_name", "machine_id", "message", "module", "severity", "time", "type", "user_id");

    /** Reads one item of the audit-events list; empty when it has no numeric id or time (it cannot be ordered). */
    static Optional<AuditEvent> parse(JsonNode item) {
        JsonNode id = item.path("id");
        JsonNode time = item.path("time");
        if (!id.canConvertToLong() || !time.canConvertToLong() || !id.isIntegralNumber() || !time.isIntegralNumber()) {
            return Optional.empty();
        }
        ObjectNode summary = JSON.createObjectNode();
        for (String field : FIELDS) {
            JsonNode value = item.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (field.equals("id") || field.equals("time")) {
                if (value.asLong() != 0) {
                    summary.put(field, value.asLong());
                }
            } else if (!value.asText().isEmpty()) {
                summary.put(field, value.asText());
            }
        }
        return Optional.of(new AuditEvent(id.asLong(), time.asLong(), item.path("type").asText(""), summary));
    }

    /** With this router's attributes. */
    CloudEvent toCloudEvent(URI source) {
        return toCloudEvent(source, false);
    }

    /** @param original the original's attributes (no subject, time in whole seconds) instead of ours */
    CloudEvent toCloudEvent(URI source, boolean original) {
        Instant at = Instant.ofEpochMilli(original ? Math.floorDiv(time, 1000) * 1000 : time);
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(Long.toString(id))
                .withSource(source)
                .withType(TYPE_PREFIX + type.toLowerCase(Locale.ROOT) + ".v0")
                .withTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .withData("application/json", summary.toString().getBytes(StandardCharsets.UTF_8));
        if (!original && !type.isEmpty()) {
            builder.withSubject(type);
        }
        return builder.build();
    }
}
