package io.eventrouter.systemtests.ha;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches the providers' Leases {@code <name>-<provider>} in the cluster and keeps, per provider, each change of
 * holder with the time it arrived: who owns what now, and when ownership moved. Times are {@link System#nanoTime()}.
 */
final class LeaseWatch implements AutoCloseable {

    /** How often tests look at the holders: the watch itself reports each change as it happens. */
    static final Duration POLL = Duration.ofMillis(100);

    /** The Lease named {@code holder} ("" when released or never taken) from {@code at} on. */
    record Seen(long at, String holder) {
    }

    /** Lease name → provider name */
    private final Map<String, String> providers = new HashMap<>();
    private final Map<String, List<Seen>> timelines = new TreeMap<>();
    private final long started = System.nanoTime();
    private final Watch watch;

    /** Start it before any replica, so that it sees every Lease from its creation. */
    LeaseWatch(KubernetesClient client, String namespace, String prefix, Collection<String> providerNames) {
        for (String provider : providerNames) {
            providers.put(prefix + "-" + provider, provider);
            timelines.put(provider, new ArrayList<>(List.of(new Seen(started, ""))));
        }
        this.watch = client.leases().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Lease lease) {
                seen(lease.getMetadata().getName(), action == Action.DELETED || lease.getSpec() == null
                        ? null : lease.getSpec().getHolderIdentity());
            }

            @Override
            public void onClose(WatcherException cause) {
                // the mock server is shutting down
            }
        });
    }

    private synchronized void seen(String lease, String holder) {
        String provider = providers.get(lease);
        if (provider != null) {
            List<Seen> timeline = timelines.get(provider);
            String now = holder == null ? "" : holder;
            if (!timeline.getLast().holder().equals(now)) {
                timeline.add(new Seen(System.nanoTime(), now));
            }
        }
    }

    /** Provider → its holder now ("" for none). */
    synchronized Map<String, String> holders() {
        Map<String, String> holders = new TreeMap<>();
        timelines.forEach((provider, timeline) -> holders.put(provider, timeline.getLast().holder()));
        return holders;
    }

    /** Replica → how many providers it holds now. */
    synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        holders().values().stream().filter(holder -> !holder.isEmpty())
                .forEach(holder -> counts.merge(holder, 1, Integer::sum));
        return counts;
    }

    /** Every holder of this provider's Lease since the start, with the time each was first seen. */
    synchronized List<Seen> timeline(String provider) {
        return List.copyOf(timelines.get(provider));
    }

    /** When the Lease was first seen naming someone other than {@code holder} after {@code since}; -1 if not yet. */
    synchronized long firstWithout(String provider, String holder, long since) {
        for (Seen seen : timelines.get(provider)) {
            if (seen.at() >= since && !seen.holder().equals(holder)) {
                return seen.at();
            }
        }
        return -1;
    }

    /** When a replica other than {@code holder} was first seen holding the Lease after {@code since}; -1 if not yet. */
    synchronized long firstTakenFrom(String provider, String holder, long since) {
        for (Seen seen : timelines.get(provider)) {
            if (seen.at() >= since && !seen.holder().equals(holder) && !seen.holder().isEmpty()) {
                return seen.at();
            }
        }
        return -1;
    }

    /** One line per provider: "vc01: +0 ms (none), +2,310 ms replica-a, ..." from the watch's start. */
    synchronized String describe() {
        StringBuilder text = new StringBuilder();
        timelines.forEach((provider, timeline) -> {
            text.append(provider).append(':');
            for (Seen seen : timeline) {
                text.append(" +%,d ms %s".formatted(TimeUnit.NANOSECONDS.toMillis(seen.at() - started),
                        seen.holder().isEmpty() ? "(none)" : seen.holder()));
            }
            text.append('\n');
        });
        return text.toString();
    }

    @Override
    public void close() {
        watch.close();
    }
}
