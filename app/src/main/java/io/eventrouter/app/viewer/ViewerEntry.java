package io.eventrouter.app.viewer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event in the viewer's history: its attributes, the first bytes of its data and each processor's outcome.
 * The event's full data is not kept (a webhook event may be megabytes), so the history's memory stays bounded by
 * {@code historySize × maxDataBytes}.
 */
final class ViewerEntry {

    private final long sequence;
    private final Instant receivedAt;
    private final String provider;
    private final CloudEvent attributes;
    private final byte[] data;
    private final int dataBytes;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>(4);
    /** Counts outcome changes, so that a browser's writer can skip a status it has already sent. */
    private final AtomicInteger version = new AtomicInteger();
    /** The JSON of the parts that never change, rendered once when the first browser needs it. */
    private volatile String staticJson;

    private ViewerEntry(long sequence, Instant receivedAt, String provider, CloudEvent attributes, byte[] data,
                        int dataBytes) {
        this.sequence = sequence;
        this.receivedAt = receivedAt;
        this.provider = provider;
        this.attributes = attributes;
        this.data = data;
        this.dataBytes = dataBytes;
    }

    /** Copies what the viewer shows of {@code event}: attributes, and at most {@code maxDataBytes} of its data. */
    static ViewerEntry of(long sequence, Instant receivedAt, String provider, CloudEvent event, int maxDataBytes) {
        byte[] full = event.getData() == null ? null : event.getData().toBytes();
        if (full == null || full.length <= maxDataBytes) {
            // kept whole: the event itself, as immutable as a copy (copying it was a visible part of an event's cost)
            return new ViewerEntry(sequence, receivedAt, provider, event, full, full == null ? -1 : full.length);
        }
        CloudEvent attributes = CloudEventBuilder.from(event).withoutData().build();
        return new ViewerEntry(sequence, receivedAt, provider, attributes, Arrays.copyOf(full, maxDataBytes),
                full.length);
    }

    long sequence() {
        return sequence;
    }

    Instant receivedAt() {
        return receivedAt;
    }

    String provider() {
        return provider;
    }

    /**
     * The event's attributes, for display and for CESQL filters (which only read attributes): the event itself when
     * its data was kept whole, else a copy without the data.
     */
    CloudEvent attributes() {
        return attributes;
    }

    /** The kept data, or {@code null} when the event has none. */
    byte[] data() {
        return data;
    }

    /** The full data's length, -1 when the event has none. */
    int dataBytes() {
        return dataBytes;
    }

    boolean dataTruncated() {
        return data != null && data.length < dataBytes;
    }

    /** Records a processor's outcome; false when an outcome heard earlier stands (see {@link Outcome#replaces}). */
    boolean update(String processor, Outcome outcome) {
        boolean[] changed = {false};
        outcomes.compute(processor, (name, current) -> {
            if (outcome.replaces(current)) {
                changed[0] = true;
                return outcome.following(current);
            }
            return current;
        });
        if (changed[0]) {
            version.incrementAndGet();
        }
        return changed[0];
    }

    int version() {
        return version.get();
    }

    /** The outcomes by processor name, sorted for a stable display. */
    Map<String, Outcome> outcomes() {
        return new TreeMap<>(outcomes);
    }

    String staticJson() {
        String json = staticJson;
        if (json == null) {
            json = EntryJson.staticPart(this);
            staticJson = json;
        }
        return json;
    }
}
