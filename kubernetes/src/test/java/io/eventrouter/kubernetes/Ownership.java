package io.eventrouter.kubernetes;

import io.eventrouter.ha.LeadershipListener;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which replica runs each provider, as the campaigns' listeners are told across all simulated replicas, and every
 * moment two ran the same provider at once (elected on one before deposed on the other).
 */
final class Ownership {

    /** Provider → the replica running it. */
    private final Map<String, String> running = new HashMap<>();
    final List<String> overlaps = new CopyOnWriteArrayList<>();
    /** Hand-overs and take-overs seen: "provider: from → to". */
    final List<String> moves = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastRunner = new HashMap<>();

    LeadershipListener listener(String replica, String provider) {
        return new LeadershipListener() {
            @Override
            public void elected() {
                synchronized (Ownership.this) {
                    String other = running.get(provider);
                    if (other != null) {
                        overlaps.add(provider + " elected on " + replica + " while running on " + other);
                    }
                    running.put(provider, replica);
                    String before = lastRunner.put(provider, replica);
                    if (before != null && !before.equals(replica)) {
                        moves.add(provider + ": " + before + " → " + replica);
                    }
                }
            }

            @Override
            public void deposed() {
                synchronized (Ownership.this) {
                    running.remove(provider, replica);
                }
            }

            @Override
            public void leaderChanged(String identity) {
            }
        };
    }

    /** A replica that died runs nothing from then on, though no listener of it was told. */
    synchronized void died(String replica) {
        running.values().removeIf(replica::equals);
    }

    /** Replica → how many providers it runs. */
    synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        running.values().forEach(replica -> counts.merge(replica, 1, Integer::sum));
        return counts;
    }

    synchronized Map<String, String> running() {
        return new TreeMap<>(running);
    }
}
