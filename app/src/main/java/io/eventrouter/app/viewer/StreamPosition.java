package io.eventrouter.app.viewer;

/**
 * Where a browser's stream resumes. SSE ids are {@code <instance>-<sequence>}: the router numbers events from 1 at
 * every start, so an id from an earlier run (another instance) must not skip the new run's events.
 */
final class StreamPosition {

    private StreamPosition() {
    }

    static String id(String instance, long sequence) {
        return instance + "-" + sequence;
    }

    /**
     * The sequence after which events are sent in full: from {@code since} (a query parameter) or else the
     * {@code Last-Event-ID} header; 0 (everything) when neither is given or the id is from another instance.
     *
     * @throws IllegalArgumentException when the value is not a position
     */
    static long since(String instance, String since, String lastEventId) {
        String value = since != null && !since.isBlank() ? since.trim()
                : lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : null;
        if (value == null) {
            return 0;
        }
        int dash = value.lastIndexOf('-');
        if (dash >= 0 && !value.substring(0, dash).equals(instance)) {
            return 0;
        }
        try {
            long sequence = Long.parseLong(value.substring(dash + 1));
            if (sequence < 0) {
                throw new NumberFormatException();
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since must be an event number or an event id, not " + abbreviate(value));
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
