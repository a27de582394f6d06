package io.eventrouter.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads audit events from {@code GET /rest/external/v1/audit-events}, which answers newest first, and returns them
 * oldest first. After the start it reads the time window from the last position on with the original's filter
 * ({@code {"type":"Between","fromValue":<ms>,"name":"time","toValue":<ms>}}, bounds inclusive), every page of it, so a
 * burst is drained at once. A window with more events than fit in memory is narrowed to its older part; the rest comes
 * with the next read.
 */
final class AuditEventReader {

    static final String PATH = "/rest/external/v1/audit-events";
    private static final Logger LOG = LoggerFactory.getLogger(AuditEventReader.class);
    private static final Comparator<AuditEvent> OLDEST_FIRST = Comparator.comparingLong(AuditEvent::time)
            .thenComparingLong(AuditEvent::id);
    /** Guards against a server that always says there is more. */
    private static final int MAX_PAGES = 10_000;

    private final HorizonClient client;
    private final int pageSize;
    private final int maxWindowEvents;
    private final Runnable onUnreadableItem;

    AuditEventReader(HorizonClient client, int pageSize, int maxWindowEvents, Runnable onUnreadableItem) {
        this.client = client;
        this.pageSize = pageSize;
        this.maxWindowEvents = Math.max(maxWindowEvents, pageSize);
        this.onUnreadableItem = onUnreadableItem;
    }

    /** The newest {@code count} events (the original's start: the last up to 10), oldest first. */
    List<AuditEvent> latest(int count) throws IOException, InterruptedException {
        List<AuditEvent> events = parse(client.get(PATH + "?size=" + count + "&page=1").body());
        events.sort(OLDEST_FIRST);
        return events;
    }

    /** The events after {@code position} up to {@code toMillis}, oldest first, without the ones already taken. */
    List<AuditEvent> since(Position position, long toMillis) throws IOException, InterruptedException {
        long to = toMillis;
        int limit = maxWindowEvents;
        while (true) {
            Map<Long, AuditEvent> window = new LinkedHashMap<>();
            boolean complete = false;
            for (int page = 1; page <= MAX_PAGES && !complete && window.size() < limit; page++) {
                HorizonClient.Page answer = client.get(PATH + "?filter=" + filter(position.time(), to)
                        + "&page=" + page + "&size=" + pageSize);
                List<AuditEvent> events = parse(answer.body());
                events.forEach(event -> window.put(event.id(), event));
                complete = events.isEmpty() || (answer.hasMoreRecords() != null ? !answer.hasMoreRecords()
                        : events.size() < pageSize);
            }
            if (complete || limit == Integer.MAX_VALUE) {
                return window.values().stream().filter(event -> !position.covers(event)).sorted(OLDEST_FIRST)
                        .toList();
            }
            long oldest = window.values().stream().mapToLong(AuditEvent::time).min().orElse(position.time());
            if (oldest > position.time() && oldest < to) {
                LOG.debug("Horizon window up to {} holds more than {} events; reading up to {} first", to, limit,
                        oldest);
                to = oldest;
            } else {
                // what is left unread shares one millisecond with what was read: a narrower window cannot help
                limit = Integer.MAX_VALUE;
            }
        }
    }

    private List<AuditEvent> parse(JsonNode body) throws IOException {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new ArrayList<>();
        }
        if (!body.isArray()) {
            throw new HorizonException(0, "Horizon audit-events did not answer a JSON array");
        }
        List<AuditEvent> events = new ArrayList<>(body.size());
        for (JsonNode item : body) {
            Optional<AuditEvent> event = AuditEvent.parse(item);
            if (event.isPresent()) {
                events.add(event.get());
            } else {
                LOG.warn("skipping a Horizon audit event without a numeric id and time");
                onUnreadableItem.run();
            }
        }
        return events;
    }

    /** The original's time filter, JSON in its field order, URL-encoded. */
    static String filter(long fromMillis, long toMillis) {
        String json = "{\"type\":\"Between\",\"fromValue\":" + fromMillis + ",\"name\":\"time\",\"toValue\":"
                + toMillis + "}";
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
