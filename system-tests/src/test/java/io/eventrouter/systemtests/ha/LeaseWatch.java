package io.eventrouter.systemtests.ha;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the providers' Leases {@code <name>-<provider>} from the cluster every {@link #POLL} and keeps, per
 * provider, each change of holder with the time it was first seen: who owns what now, and when ownership moved.
 * Times are {@link System#nanoTime()} and accurate to one poll.
 */
final class LeaseWatch implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(100);

    /** The Lease named {@code holder} ("" when released or never taken) from {@code at} on. */
    record Seen(long at, String holder) {
    }

    private final KubernetesClient client;
    private final String namespace;
    /** Lease name → provider name */
    private final Map<String, String> providers = new HashMap<>();
    private final Map<String, List<Seen>> timelines = new TreeMap<>();
    private final long started = System.nanoTime();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lease-watch").daemon().factory());

    LeaseWatch(KubernetesClient client, String namespace, String prefix, Collection<String> providerNames) {
        this.client = client;
        this.namespace = namespace;
        for (String provider : providerNames) {
            providers.put(prefix + "-" + provider, provider);
            timelines.put(provider, new ArrayList<>(List.of(new Seen(started, ""))));
        }
        poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            List<Lease> leases = client.leases().inNamespace(namespace).list().getItems();
            long now = System.nanoTime();
            synchronized (this) {
                for (Lease lease : leases) {
                    String provider = providers.get(lease.getMetadata().getName());
                    if (provider != null) {
                        String holder = lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null
                                ? "" : lease.getSpec().getHolderIdentity();
                        List<Seen> timeline = timelines.get(provider);
                        if (!timeline.getLast().holder().equals(holder)) {
                            timeline.add(new Seen(now, holder));
                        }
                    }
                }
            }
        } catch (KubernetesClientException e) {
            // the mock server is shutting down, or one read failed: the next poll tries again
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
    public void close() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(5, TimeUnit.SECONDS);
    }
}
