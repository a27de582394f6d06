package io.eventrouter.app.viewer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} events, oldest dropped first. Router threads add and look up entries; browser threads
 * copy ranges. Every operation is O(1) or a copy of at most {@code capacity} references under a short lock, so a
 * router thread never waits for a browser.
 */
final class EventHistory {

    private final int capacity;
    private final LinkedHashMap<Long, ViewerEntry> entries;

    EventHistory(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 4096) * 2) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ViewerEntry> eldest) {
                return size() > EventHistory.this.capacity;
            }
        };
    }

    synchronized void add(ViewerEntry entry) {
        entries.put(entry.sequence(), entry);
    }

    /** The entry with this number, or {@code null} when it has left the history (or never was in it). */
    synchronized ViewerEntry find(long sequence) {
        return entries.get(sequence);
    }

    /** Every entry, oldest first by router sequence (providers publish concurrently, so arrival order may differ). */
    List<ViewerEntry> snapshot() {
        List<ViewerEntry> copy;
        synchronized (this) {
            copy = new ArrayList<>(entries.values());
        }
        copy.sort(Comparator.comparingLong(ViewerEntry::sequence));
        return copy;
    }

    synchronized int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }
}
