package io.eventrouter.systemtests.ha;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.systemtests.ha.VcenterFleet.Provider;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the posted events the receivers got, per provider (told by the event's {@code source}, the address the
 * provider reads) and per message number: how many copies of each arrived. Fed as events arrive, so a test can
 * wait on it without parsing everything again.
 */
final class DeliveryTally {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Provider> bySource = new HashMap<>();
    /** provider name → message number → copies delivered */
    private final Map<String, TreeMap<Integer, Integer>> copies = new HashMap<>();
    /** provider name → message number → when it first arrived ({@link System#nanoTime()}) */
    private final Map<String, Map<Integer, Long>> firstArrivals = new HashMap<>();
    /** provider name → texts of unnumbered markers delivered (see {@link VcenterFleet#postToEach}) */
    private final Map<String, Set<String>> markers = new HashMap<>();
    private int foreign;

    DeliveryTally(Iterable<Provider> providers) {
        for (Provider provider : providers) {
            bySource.put(provider.address().toString(), provider);
            copies.put(provider.name(), new TreeMap<>());
            firstArrivals.put(provider.name(), new HashMap<>());
            markers.put(provider.name(), new HashSet<>());
        }
    }

    synchronized void record(CloudEvent event) {
        Provider provider = event.getSource() == null ? null : bySource.get(event.getSource().toString());
        if (provider == null || event.getData() == null) {
            return; // vcsim's own events at start-up have no message; other sources do not come here
        }
        String message;
        try {
            message = JSON.readTree(event.getData().toBytes()).path("Message").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String prefix = provider.simulator().prefix + "-";
        if (!message.startsWith(prefix)) {
            if (message.matches("sim\\d+-.*")) {
                foreign++; // another simulator's event under this provider's source: must never happen
            }
            return;
        }
        String rest = message.substring(prefix.length());
        if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty()) {
            int n = Integer.parseInt(rest);
            copies.get(provider.name()).merge(n, 1, Integer::sum);
            firstArrivals.get(provider.name()).putIfAbsent(n, System.nanoTime());
        } else {
            markers.get(provider.name()).add(rest);
        }
    }

    synchronized boolean markerArrived(Provider provider, String text) {
        return markers.get(provider.name()).contains(text);
    }

    /** The message numbers below {@code posted} this provider never delivered. */
    synchronized Set<Integer> missing(Provider provider, int posted) {
        Set<Integer> missing = new TreeSet<>();
        Map<Integer, Integer> delivered = copies.get(provider.name());
        for (int n = 0; n < posted; n++) {
            if (!delivered.containsKey(n)) {
                missing.add(n);
            }
        }
        return missing;
    }

    /** Message number → copies, for the numbers this provider delivered more than once. */
    synchronized Map<Integer, Integer> repeated(Provider provider) {
        Map<Integer, Integer> repeated = new TreeMap<>();
        copies.get(provider.name()).forEach((n, count) -> {
            if (count > 1) {
                repeated.put(n, count);
            }
        });
        return repeated;
    }

    /** When message n of this provider first arrived ({@link System#nanoTime()}); -1 if it has not. */
    synchronized long firstArrival(Provider provider, int n) {
        return firstArrivals.get(provider.name()).getOrDefault(n, -1L);
    }

    /** The highest message number this provider delivered, -1 before the first. */
    synchronized int highest(Provider provider) {
        TreeMap<Integer, Integer> delivered = copies.get(provider.name());
        return delivered.isEmpty() ? -1 : delivered.lastKey();
    }

    synchronized int foreign() {
        return foreign;
    }
}
