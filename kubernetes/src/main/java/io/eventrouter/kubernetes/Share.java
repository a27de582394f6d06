package io.eventrouter.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The providers this replica holds, against its share: with M providers and N live replicas, at most ⌈M/N⌉. A
 * provider Lease is taken only into a free slot; when the share shrinks (a replica joined), the providers taken
 * last are the surplus, handed over first: those that ran here longest keep running.
 */
final class Share {

    private final IntSupplier providers;
    private final Membership membership;
    /** In the order they were taken. */
    private final Set<String> held = new LinkedHashSet<>();

    /** @param providers how many providers this replica campaigns for (every replica runs the same configuration) */
    Share(IntSupplier providers, Membership membership) {
        this.providers = providers;
        this.membership = membership;
    }

    /** Claims a slot for {@code provider}; false when this replica holds its share already or does not know it yet. */
    synchronized boolean reserve(String provider) {
        if (held.contains(provider)) {
            return true;
        }
        if (!membership.ready() || held.size() >= quota()) {
            return false;
        }
        held.add(provider);
        return true;
    }

    synchronized void release(String provider) {
        held.remove(provider);
    }

    synchronized boolean holds(String provider) {
        return held.contains(provider);
    }

    /** Whether a slot is free now (without taking it). */
    synchronized boolean hasRoom() {
        return membership.ready() && held.size() < quota();
    }

    synchronized int held() {
        return held.size();
    }

    /** ⌈M/N⌉. */
    int quota() {
        int replicas = membership.live().size();
        return (providers.getAsInt() + replicas - 1) / replicas;
    }

    /** The providers beyond the share, the last taken first. */
    synchronized List<String> surplus() {
        int excess = held.size() - quota();
        if (excess <= 0) {
            return List.of();
        }
        List<String> order = new ArrayList<>(held);
        return List.copyOf(order.subList(order.size() - excess, order.size()).reversed());
    }

    /** For the hand-over log: "holds 15 of 30 providers, share 10 with 3 replicas". */
    synchronized String describe() {
        return "holds " + held.size() + " of " + providers.getAsInt() + " providers, share " + quota() + " with "
                + membership.live().size() + " replicas";
    }
}
