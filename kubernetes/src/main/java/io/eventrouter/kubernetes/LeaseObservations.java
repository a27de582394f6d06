package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * When each Lease of the group last changed, as this replica saw it, on this replica's monotonic clock: a holder is
 * alive while its record keeps changing, whatever times it writes (as client-go's observed time). A replica whose
 * clock is off therefore neither takes a live replica's providers nor counts it dead; the first time it sees such a
 * replica renew with a time far from its own, it says so.
 */
final class LeaseObservations {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseObservations.class);

    private record Seen(String holder, ZonedDateTime renewTime, long changedAt, String lastHolder) {
    }

    private final String identity;
    private final Duration leaseDuration;
    private final LongSupplier ticker;
    private final Clock clock;
    private final Map<String, Seen> leases = new HashMap<>();
    /** Provider Leases as the last list of the group showed them, for standbys (see {@link GatedLock#get}). */
    private final Map<String, LeaderElectionRecord> listed = new HashMap<>();
    /** Replicas whose clock this replica warned about, once each. */
    private final Set<String> skewed = new HashSet<>();

    /** @param ticker nanoseconds of a monotonic clock ({@code System::nanoTime}) */
    LeaseObservations(String identity, Duration leaseDuration, LongSupplier ticker, Clock clock) {
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.ticker = ticker;
        this.clock = clock;
    }

    /** Records what Lease {@code name} says now: holder ("" or null when free) and renewTime. */
    void see(String name, String holder, ZonedDateTime renewTime) {
        Duration skew;
        synchronized (this) {
            Seen before = leases.get(name);
            if (before != null && Objects.equals(before.holder(), holder)
                    && Objects.equals(before.renewTime(), renewTime)) {
                return;
            }
            String last = isHolder(holder) ? holder : before == null ? null : before.lastHolder();
            leases.put(name, new Seen(holder, renewTime, ticker.getAsLong(), last));
            // A change proves the holder wrote its renewTime just now: a time far from this replica's is a clock
            // that is off, not a replica that died.
            if (before == null || !isHolder(holder) || holder.equals(identity) || renewTime == null) {
                return;
            }
            skew = Duration.between(renewTime.toInstant(), clock.instant()).abs();
            if (skew.compareTo(leaseDuration) <= 0 || !skewed.add(holder)) {
                return;
            }
        }
        LOG.warn("this replica's clock and replica {}'s differ by about {} s ({} renewed Lease {} at {} by its "
                + "clock); Leases are judged by when this replica sees them change, not by their times, so no "
                + "provider is taken from a live replica; check the nodes' time synchronisation", holder,
                skew.toSeconds(), holder, name, renewTime.toInstant());
    }

    /** Records a provider Lease as listed; {@code record} null when it cannot be read as one. */
    synchronized void listed(String name, LeaderElectionRecord record) {
        if (record == null) {
            listed.remove(name);
        } else {
            listed.put(name, record);
        }
    }

    /** Provider Lease {@code name} as last listed; null when it was not. */
    synchronized LeaderElectionRecord listed(String name) {
        return listed.get(name);
    }

    /** How long Lease {@code name} has been unchanged as seen here; zero when never seen. */
    synchronized Duration unchangedFor(String name) {
        Seen seen = leases.get(name);
        return seen == null ? Duration.ZERO : Duration.ofNanos(ticker.getAsLong() - seen.changedAt());
    }

    /** Whether Lease {@code name} was seen and has changed within the last lease duration. */
    synchronized boolean changedRecently(String name) {
        return leases.containsKey(name) && unchangedFor(name).compareTo(leaseDuration) < 0;
    }

    /** The last replica seen holding Lease {@code name} (it may have released it since); null when none. */
    synchronized String lastHolder(String name) {
        Seen seen = leases.get(name);
        return seen == null ? null : seen.lastHolder();
    }

    static boolean isHolder(String holder) {
        return holder != null && !holder.isEmpty();
    }
}
