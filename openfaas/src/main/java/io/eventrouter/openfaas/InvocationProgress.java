package io.eventrouter.openfaas;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which functions are finished with an event that is still being retried, so that a retry invokes only the
 * functions that failed. Finished means delivered, or rejected for good (invoking it again would not help).
 * Bounded: beyond {@code capacity} events the oldest entry is forgotten, which at worst invokes a function twice.
 */
final class InvocationProgress {

    private final Map<String, Map<String, DeliveryResult>> finished;

    InvocationProgress(int capacity) {
        this.finished = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, DeliveryResult>> eldest) {
                return size() > capacity;
            }
        };
    }

    static String key(CloudEvent event) {
        return event.getSource() + " " + event.getId();
    }

    /** Final results per function path recorded for the event so far. */
    synchronized Map<String, DeliveryResult> finished(String key) {
        Map<String, DeliveryResult> results = finished.get(key);
        return results == null ? Map.of() : Map.copyOf(results);
    }

    synchronized void record(String key, String function, DeliveryResult result) {
        finished.computeIfAbsent(key, k -> new HashMap<>()).put(function, result);
    }

    synchronized void forget(String key) {
        finished.remove(key);
    }

    synchronized int size() {
        return finished.size();
    }
}
