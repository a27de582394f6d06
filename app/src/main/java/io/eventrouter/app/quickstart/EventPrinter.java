package io.eventrouter.app.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints CloudEvents in the terminal, whole lines at a time from any thread: each as a header line and its
 * structured JSON pretty-printed (what {@code event-router send} reads back), or one line each when compact.
 */
final class EventPrinter {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final boolean compact;
    private int printed;

    EventPrinter(PrintWriter out, boolean compact) {
        this.out = out;
        this.compact = compact;
    }

    synchronized void event(CloudEvent event) {
        printed++;
        String when = event.getTime() == null ? "" : CLOCK.format(event.getTime());
        String name = event.getSubject() != null ? event.getSubject() : event.getType();
        JsonNode json = PrettyJson.tree(event);
        if (compact) {
            out.printf("%s  %-28s %s%n", when, name, message(json.path("data")));
        } else {
            out.printf("%n--- CloudEvent #%d  %s  %s ---%n%s%n", printed, name, when, PrettyJson.of(json));
        }
        out.flush();
    }

    /** A line of the quickstart's own (what it just did, what it is about to do). */
    synchronized void note(String line) {
        out.println(line);
        out.flush();
    }

    synchronized int printed() {
        return printed;
    }

    /** vCenter's own one-line description of the event, or the EventEx/ExtendedEvent type id. */
    private static String message(JsonNode data) {
        for (String field : new String[]{"FullFormattedMessage", "Message", "EventTypeId"}) {
            String text = data.path(field).asText("");
            if (!text.isBlank()) {
                return text;
            }
        }
        return "";
    }
}
