package io.eventrouter.app.viewer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One browser's stream, run on that browser's own (virtual) request thread: first a {@code hello}, then the history
 * (events after the resume position in full, a status for the older ones, whose outcomes may have changed while
 * the browser was away), then live messages from its {@link Subscriber}. When the subscriber overflowed, a
 * {@code resync} frame is followed by the same replay from the history. The browser upserts by {@code seq}, so
 * nothing is shown twice.
 */
final class StreamSession {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int SENT_VERSIONS = 4096;

    private final EventHistory history;
    private final Subscriber subscriber;
    private final FilterWork filter;
    private final String instance;
    private final SseWriter out;
    /** Events sent in full by the last replay: live messages for them were queued before it and are skipped. */
    private final Set<Long> replayed = new HashSet<>();
    /**
     * The outcome version last sent per event. A status frame carries all current outcomes, so one queued after a
     * frame that already showed them is skipped: a quickly delivered event costs one frame instead of three.
     */
    private final Map<Long, Integer> sentVersions = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > SENT_VERSIONS;
        }
    };
    private long highestSent;
    private long droppedBefore;

    StreamSession(EventHistory history, Subscriber subscriber, FilterWork filter, String instance, SseWriter out) {
        this.history = history;
        this.subscriber = subscriber;
        this.filter = filter;
        this.instance = instance;
        this.out = out;
    }

    /**
     * Streams until the browser goes away (an {@link IOException}) or the viewer closes; a filter that cannot be
     * evaluated in time (a {@link QueryThreads.QueryException}) ends the stream too, and the browser reconnects.
     */
    void run(long since) throws IOException, InterruptedException, QueryThreads.QueryException {
        out.retry(2000);
        ObjectNode hello = JsonNodeFactory.instance.objectNode().put("instance", instance)
                .put("historySize", history.capacity()).put("filter", filter.filter().text()).put("resumedAfter", since);
        out.frame(null, "hello", EntryJson.write(hello));
        replay(since);
        out.flush();
        while (true) {
            if (subscriber.takeOverflow()) {
                long dropped = subscriber.dropped();
                ObjectNode resync = JsonNodeFactory.instance.objectNode().put("dropped", dropped - droppedBefore)
                        .put("after", highestSent);
                droppedBefore = dropped;
                out.frame(null, "resync", EntryJson.write(resync));
                replay(highestSent);
                out.flush();
                continue;
            }
            Subscriber.Message message = subscriber.next(KEEP_ALIVE);
            if (message == null) {
                out.comment("keep-alive");
                out.flush();
                continue;
            }
            if (message.kind() == Subscriber.Kind.CLOSE) {
                out.flush();
                return;
            }
            write(message);
            if (subscriber.idle()) {
                out.flush();
            }
        }
    }

    private void replay(long since) throws IOException, InterruptedException, QueryThreads.QueryException {
        replayed.clear();
        for (ViewerEntry entry : filter.select(history.snapshot(), Long.MIN_VALUE)) {
            if (entry.sequence() > since) {
                sendEvent(entry);
                replayed.add(entry.sequence());
            } else {
                sendStatus(entry);
            }
        }
    }

    private void write(Subscriber.Message message)
            throws IOException, InterruptedException, QueryThreads.QueryException {
        ViewerEntry entry = message.entry();
        if (!filter.matches(entry)) {
            return;
        }
        if (message.kind() == Subscriber.Kind.EVENT) {
            if (!replayed.remove(entry.sequence())) {
                sendEvent(entry);
            }
        } else {
            Integer sent = sentVersions.get(entry.sequence());
            if (sent == null || sent != entry.version()) {
                sendStatus(entry);
            }
        }
    }

    private void sendEvent(ViewerEntry entry) throws IOException {
        int version = entry.version();
        out.frame(StreamPosition.id(instance, entry.sequence()), "event", EntryJson.full(entry));
        sentVersions.put(entry.sequence(), version);
        highestSent = Math.max(highestSent, entry.sequence());
    }

    private void sendStatus(ViewerEntry entry) throws IOException {
        int version = entry.version();
        out.frame(null, "status", EntryJson.status(entry));
        sentVersions.put(entry.sequence(), version);
    }
}
