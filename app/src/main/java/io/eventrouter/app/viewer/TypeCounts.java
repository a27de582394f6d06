package io.eventrouter.app.viewer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.eventrouter.metrics.ContentKeys;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Events seen since the start per type and subject. The router's vCenter events share one type
 * ({@code com.vmware.event.router/event}) and name their class in the subject, so both are kept. The number of
 * distinct pairs is capped: a webhook client sending random types cannot grow memory without bound.
 */
final class TypeCounts {

    static final int MAX_KEYS = 1000;
    /** Longer types and subjects are cut (a key of 3 MB times 1000 would be gigabytes). */
    static final ContentKeys LENGTH = new ContentKeys(MAX_KEYS, 256);
    static final Key OTHER = new Key("(other)", null);

    record Key(String type, String subject) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String type, String subject) {
        Key key = new Key(LENGTH.shorten(type), LENGTH.shorten(subject));
        LongAdder adder = counts.get(key);
        if (adder == null) {
            adder = counts.size() < MAX_KEYS ? counts.computeIfAbsent(key, k -> new LongAdder())
                    : counts.computeIfAbsent(OTHER, k -> new LongAdder());
        }
        adder.increment();
    }

    /** {@code [{"type":…,"subject":…,"count":…}]}, largest count first. */
    ArrayNode toJson() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        List<Map.Entry<Key, Long>> sorted = counts.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.<Map.Entry<Key, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(e -> e.getKey().type())
                        .thenComparing(e -> String.valueOf(e.getKey().subject())))
                .toList();
        for (Map.Entry<Key, Long> e : sorted) {
            var item = list.addObject().put("type", e.getKey().type());
            if (e.getKey().subject() != null) {
                item.put("subject", e.getKey().subject());
            }
            item.put("count", e.getValue());
        }
        return list;
    }
}
