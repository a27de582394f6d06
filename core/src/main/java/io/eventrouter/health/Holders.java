package io.eventrouter.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which replica holds each shared provider, as this replica has learned it from the elections it takes part in
 * (every replica competes for every shared provider, so each one hears of every holder).
 *
 * @param replica this replica's name
 * @param byProvider each shared provider, in configuration order, and the replica holding it ({@code null}: none
 *                   does, e.g. between a holder's end and its successor's start)
 */
public record Holders(String replica, Map<String, String> byProvider) {

    public Holders {
        byProvider = Collections.unmodifiableMap(new LinkedHashMap<>(byProvider));
    }

    /**
     * The providers each replica holds, by replica name. This replica is always listed, even holding none; another
     * replica is listed only while it holds one: a replica that holds nothing is not heard of.
     */
    public SortedMap<String, List<String>> byReplica() {
        SortedMap<String, List<String>> byReplica = new TreeMap<>();
        byReplica.put(replica, new ArrayList<>());
        byProvider.forEach((provider, holder) -> {
            if (holder != null) {
                byReplica.computeIfAbsent(holder, r -> new ArrayList<>()).add(provider);
            }
        });
        return byReplica;
    }

    /** The shared providers no replica holds, in configuration order. */
    public List<String> unheld() {
        return byProvider.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    /** How many shared providers {@code identity} holds. */
    public int count(String identity) {
        return (int) byProvider.values().stream().filter(holder -> Objects.equals(holder, identity)).count();
    }
}
