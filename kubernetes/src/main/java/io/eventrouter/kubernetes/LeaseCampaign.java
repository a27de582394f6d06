package io.eventrouter.kubernetes;

import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.Campaign;
import io.eventrouter.ha.LeadershipListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Competes for one provider's Lease with fabric8's leader elector, round after round: an elector stops for good when
 * it loses the Lease, so a new one is started to stand by again.
 *
 * <p>The Lease is released by this class, not by the elector ({@code releaseOnCancel} off): fabric8 releases before
 * it tells its callback, which would let a successor start while this replica's provider still runs and has not
 * written its last checkpoint. Here the provider is stopped first, then the Lease is handed over at once. The holder
 * is cleared to "", not to null as fabric8 does: its lock updates with a JSON merge patch, which leaves a field that is
 * null in the patch unchanged, so the old holder would stay and standbys would wait for the whole lease.
 *
 * <p>A campaign may also give up a Lease it could keep ({@link #handOver()}, when its replica holds more than its
 * share): the same steps, then it stands by again, and its lock keeps it from taking the Lease back.
 */
final class LeaseCampaign implements Campaign {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseCampaign.class);

    private final KubernetesClient client;
    private final Lock lock;
    /** "Lease namespace/name", for logs. */
    private final String lease;
    private final HighAvailabilitySettings settings;
    private final LeadershipListener listener;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final String provider;
    private final Share share;
    private CompletableFuture<?> round;
    private boolean leading;
    /** Between the end of leading and the Lease's release: a new round must not start (it would renew it). */
    private boolean stopping;
    private boolean closed;
    /** A simulated crash (tests): nothing more is said or written. */
    private boolean halted;

    LeaseCampaign(KubernetesClient client, Lock lock, String provider, String lease, Share share,
                  HighAvailabilitySettings settings, LeadershipListener listener, Executor executor,
                  ScheduledExecutorService scheduler) {
        this.client = client;
        this.lock = lock;
        this.provider = provider;
        this.share = share;
        this.lease = lease;
        this.settings = settings;
        this.listener = listener;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    synchronized void start() {
        if (closed) {
            return;
        }
        if (stopping) {
            nextRound();
            return;
        }
        LeaderCallbacks callbacks = new LeaderCallbacks(this::startLeading, this::stopLeading,
                holder -> listener.leaderChanged(holder == null || holder.isEmpty() ? null : holder));
        LeaderElectionConfig config = new LeaderElectionConfig(lock, settings.leaseDuration(),
                settings.renewDeadline(), settings.retryPeriod(), callbacks, false, lease);
        CompletableFuture<?> started = new LeaderElectorBuilder(client, executor).withConfig(config).build().start();
        round = started;
        // The round ends when this replica lost the Lease (or the campaign was closed): stand by again.
        started.whenComplete((ignored, failure) -> nextRound());
    }

    private synchronized void nextRound() {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::start, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the coordinator is closing
        }
    }

    private void startLeading() {
        synchronized (this) {
            if (closed || leading) {
                return;
            }
            leading = true;
        }
        LOG.debug("{} acquired by {}", lease, lock.identity());
        listener.elected();
    }

    /** fabric8 may report the end of leadership twice (seen in the Lease, then when its round ends). */
    private void stopLeading() {
        boolean wasLeading;
        synchronized (this) {
            // Also when the elector took the Lease but was stopped before it said so: the slot and Lease go back.
            if (halted || (!leading && !share.holds(provider)) || stopping) {
                return;
            }
            wasLeading = leading;
            leading = false;
            stopping = true;
        }
        try {
            if (wasLeading) {
                listener.deposed();
            }
            release();
        } finally {
            share.release(provider);
            synchronized (this) {
                stopping = false;
            }
        }
    }

    /**
     * Gives the provider up although this replica could keep it: the provider stops (writing its checkpoint), the
     * Lease is released, and the campaign stands by again. Returns once released.
     */
    void handOver() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (closed || halted || !leading) {
                return;
            }
            current = round;
        }
        // Ending the round makes the elector call stopLeading (here, on this thread), then a new round follows.
        current.cancel(true);
        stopLeading();
    }

    /** Tests: as if the process died — the elector stops, nothing is released or told. */
    void halt() {
        CompletableFuture<?> current;
        synchronized (this) {
            halted = true;
            closed = true;
            current = round;
        }
        if (current != null) {
            current.cancel(true);
        }
    }

    /** After the provider stopped: ends the Lease now if this replica still holds it, so a standby need not wait. */
    private void release() {
        try {
            LeaderElectionRecord current = lock.get(client);
            if (current != null && Objects.equals(current.getHolderIdentity(), lock.identity())) {
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now,
                        current.getLeaderTransitions()));
                LOG.info("{} released by {}", lease, lock.identity());
            }
        } catch (KubernetesClientException e) {
            LOG.warn("{} not released ({}); it expires {} after its last renewal", lease,
                    ApiFailures.describe(e), settings.leaseDuration());
        }
    }

    /** Stops competing; if this replica led, the listener is told (deposed) and the Lease released. */
    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = round;
        }
        if (current != null) {
            current.cancel(true);
        }
        stopLeading();
    }
}
