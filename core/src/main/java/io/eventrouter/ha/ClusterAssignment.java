package io.eventrouter.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who reads what, as the Leases in the cluster say at one moment: each shared provider's Lease and holder, and each
 * replica with the number of providers it holds. Renewal ages are measured with the reader's clock.
 *
 * @param namespace  where the Leases are
 * @param apiServer  the API server read, without credentials
 * @param readAt     when the Leases were listed
 * @param providers  one entry per shared provider of the configuration, in its order
 * @param replicas   the replicas that have a membership Lease or hold a provider Lease, by name
 */
public record ClusterAssignment(String namespace, String apiServer, Instant readAt, Duration leaseDuration,
                                List<ProviderLease> providers, List<Replica> replicas) {

    /**
     * @param lease    the Lease's name
     * @param holder   the replica that holds it; {@code null} when the Lease is free or does not exist
     * @param renewAge how long ago it was last renewed; {@code null} when it does not exist or was never renewed
     * @param exists   whether the Lease exists (it is created by the first replica that takes the provider)
     */
    public record ProviderLease(String provider, String lease, String holder, Duration renewAge, boolean exists) {

        /** A holder that has not renewed for a lease duration has most likely died; a replica may take it over. */
        public boolean expired(Duration leaseDuration) {
            return renewAge != null && renewAge.compareTo(leaseDuration) > 0;
        }
    }

    /**
     * @param identity         the replica's name (its pod's)
     * @param membershipAge    how long ago its membership Lease was renewed; {@code null} when it has none (it holds
     *                         a provider Lease only, e.g. a router version without membership Leases)
     * @param holding          how many of the providers it holds
     */
    public record Replica(String identity, Duration membershipAge, int holding) {
    }

    /** The most providers one replica should hold: ⌈providers ÷ live replicas⌉ (0 without replicas). */
    public int share() {
        long live = replicas.stream().filter(r -> r.membershipAge() != null
                && r.membershipAge().compareTo(leaseDuration) <= 0).count();
        if (live == 0) {
            live = replicas.size();
        }
        return live == 0 ? 0 : (int) ((providers.size() + live - 1) / live);
    }
}
