package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A provider's Lease lock as fabric8's elector sees it, with two rules of this router on top.
 *
 * <p><b>Expiry by observation.</b> The elector judges a Lease expired when its renewTime plus its duration is past
 * the local wall clock, so a replica whose clock runs ahead would take a live replica's Lease. Here the record it is
 * given carries, instead of the holder's renewTime, the local time at which this replica last saw the record change:
 * a Lease expires once it has stayed unchanged for its duration as seen here, whatever the clocks say. An acquisition
 * is checked again before it is written.
 *
 * <p><b>The share.</b> An acquisition (writing this replica as holder of a Lease it did not hold) first takes a slot
 * in the replica's {@link Share}; without one it is refused with an exception the elector swallows, and tried again
 * a retry period later. The slot is given back when the write fails and when the campaign stops leading.
 */
final class GatedLock implements Lock {

    private static final Logger LOG = LoggerFactory.getLogger(GatedLock.class);

    private final Lock lease;
    private final String provider;
    private final String name;
    private final Share share;
    private final LeaseObservations observations;
    private final Membership membership;
    private final Clock clock;
    /** This replica's: a holder that writes a shorter one is still given at least this long. */
    private final Duration leaseDuration;
    /** The holder in the record last read, before the elector writes. */
    private volatile String lastRead;
    private volatile Duration lastDuration = Duration.ZERO;
    /** Whether the last record given to the elector came from the group's list rather than a read of its own. */
    private volatile boolean lastListed;

    GatedLock(Lock lease, String provider, String name, Share share, LeaseObservations observations,
              Membership membership, Clock clock, Duration leaseDuration) {
        this.lease = lease;
        this.provider = provider;
        this.name = name;
        this.share = share;
        this.observations = observations;
        this.membership = membership;
        this.clock = clock;
        this.leaseDuration = leaseDuration;
    }

    /**
     * A standby that could not take the Lease now is answered from the membership round's list of the group (at most
     * a retry period old) instead of a request of its own: with every replica standing by for every provider, those
     * reads would be most of the load on the API server. It reads the Lease itself before it may take it.
     */
    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        LeaderElectionRecord listed = share.holds(provider) ? null : observations.listed(name);
        if (listed != null && !takeable(listed)) {
            lastListed = true;
            return seen(listed);
        }
        lastListed = false;
        LeaderElectionRecord record = lease.get(client);
        if (record == null) {
            lastRead = null;
            return null;
        }
        observations.see(name, record.getHolderIdentity(), record.getRenewTime());
        return seen(record);
    }

    /** Whether this replica could take a Lease that reads {@code record}: a read of its own must come first. */
    private boolean takeable(LeaderElectionRecord record) {
        String holder = record.getHolderIdentity();
        if (identity().equals(holder)) {
            return true; // its own, from an earlier process or round: the elector renews or this replica releases
        }
        return share.hasRoom() && (!heldByOther(holder) || quietLongEnough(record.getLeaseDuration()));
    }

    /**
     * Whether the Lease has stayed unchanged, as seen here, for its duration ({@code recorded}, as its holder wrote
     * it) and at least this replica's.
     */
    private boolean quietLongEnough(Duration recorded) {
        Duration required = recorded.compareTo(leaseDuration) > 0 ? recorded : leaseDuration;
        return observations.unchangedFor(name).compareTo(required) >= 0;
    }

    /** Notes {@code record} as the last read, and gives the elector its expiry as observed here. */
    private LeaderElectionRecord seen(LeaderElectionRecord record) {
        lastRead = record.getHolderIdentity();
        lastDuration = record.getLeaseDuration();
        if (!heldByOther(record.getHolderIdentity())) {
            return record;
        }
        ZonedDateTime seenChanging = ZonedDateTime.now(ZoneOffset.UTC).minus(observations.unchangedFor(name));
        return new LeaderElectionRecord(record.getHolderIdentity(), record.getLeaseDuration(),
                record.getAcquireTime(), seenChanging, record.getLeaderTransitions());
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord given) {
        LeaderElectionRecord record = stamped(given);
        boolean acquiring = admit(record, null);
        write(acquiring, () -> lease.create(client, record));
        if (acquiring) {
            LOG.info("provider {} taken by {} (its Lease {} is new)", provider, identity(), name);
        }
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord given) {
        if (lastListed) {
            // Not read here: fabric8's lock has no resourceVersion to update from (or an old one).
            throw new KubernetesClientException("Lease " + name + " not read yet");
        }
        LeaderElectionRecord record = stamped(given);
        String from = lastRead;
        boolean acquiring = admit(record, from);
        write(acquiring, () -> lease.update(client, record));
        if (acquiring) {
            LOG.info("provider {} taken by {}{}", provider, identity(), origin(from));
        }
    }

    /** Makes the write; when it was to acquire the Lease and fails, the slot taken for it is given back. */
    private void write(boolean acquiring, Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (acquiring) {
                share.release(provider);
            }
            throw e;
        }
    }

    /**
     * The record with this replica's clock's time: fabric8 stamps the system clock's, which tests cannot set. An
     * acquisition's acquireTime (equal to its renewTime) moves with it.
     */
    private LeaderElectionRecord stamped(LeaderElectionRecord record) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime acquired = record.getAcquireTime().equals(record.getRenewTime()) ? now : record.getAcquireTime();
        return new LeaderElectionRecord(record.getHolderIdentity(), record.getLeaseDuration(), acquired, now,
                record.getLeaderTransitions());
    }

    /**
     * Whether writing {@code record} acquires the Lease; if so, a slot is taken.
     *
     * @throws KubernetesClientException when it may not be acquired now (the elector tries again later)
     */
    private boolean admit(LeaderElectionRecord record, String from) {
        if (!identity().equals(record.getHolderIdentity()) || share.holds(provider)) {
            return false; // a renewal or a release
        }
        if (heldByOther(from) && !quietLongEnough(lastDuration)) {
            throw new KubernetesClientException("Lease " + name + " is held by " + from + ", seen renewed "
                    + observations.unchangedFor(name).toMillis() + " ms ago");
        }
        if (!share.reserve(provider)) {
            throw new KubernetesClientException(membership.ready() ? "replica " + identity() + " holds its share"
                    : "replica " + identity() + " does not know its share yet");
        }
        return true;
    }

    private String origin(String from) {
        String previous = observations.lastHolder(name);
        if (heldByOther(from)) {
            return " from " + from + " (its Lease expired: " + (membership.isLive(from)
                    ? "not renewed for " + observations.unchangedFor(name).toSeconds() + " s" : from + " gone") + ")";
        }
        if (previous != null && !previous.equals(identity())) {
            return " from " + previous + " (released)";
        }
        return " (free)";
    }

    private boolean heldByOther(String holder) {
        return LeaseObservations.isHolder(holder) && !holder.equals(identity());
    }

    @Override
    public String identity() {
        return lease.identity();
    }

    @Override
    public String describe() {
        return lease.describe();
    }
}
