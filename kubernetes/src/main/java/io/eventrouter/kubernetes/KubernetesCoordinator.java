package io.eventrouter.kubernetes;

import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.eventrouter.ha.Campaign;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.LeadershipListener;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Replicas coordinated through the Kubernetes API: a Lease {@code <name>-<provider>} per provider that runs once,
 * and (by default) a ConfigMap {@code <name>-<provider>-checkpoint} with its checkpoints.
 *
 * <p>The providers are shared out evenly: each replica keeps a membership Lease ({@link Membership}) and takes at
 * most its share of the provider Leases ({@link Share}, enforced by each campaign's {@link GatedLock}). Every retry
 * period it renews its membership, lists the group's Leases and, when it holds more than its share (a replica
 * joined), hands the surplus over.
 */
final class KubernetesCoordinator implements Coordinator {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String PROVIDER_ROLE = "provider";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCoordinator.class);

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final HighAvailabilitySettings settings;
    private final String namespace;
    private final String identity;
    private final String apiServer;
    /** Elector rounds: their callbacks start and stop providers, which may take a moment. */
    private final ExecutorService executor = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("lease-", 0).daemon().factory());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lease-rounds").daemon().factory());
    /**
     * By provider, in the order the campaigns started. A closed campaign stays: the share counts the configuration's
     * providers, which a shutdown closing them one by one must not shrink (it would hand providers over on the way).
     */
    private final Map<String, LeaseCampaign> campaigns = new LinkedHashMap<>();
    private final LeaseObservations observations;
    private final Membership membership;
    private final Share share;
    private final Clock clock;
    /** A refused verb is said once for all the Leases. */
    private final ApiFailures.Permissions permissions = new ApiFailures.Permissions();
    private final ScheduledFuture<?> rounds;
    private volatile int campaignCount;
    /** The live replicas at the last round, for the log. */
    private Set<String> lastLive = Set.of();

    KubernetesCoordinator(KubernetesClient client, boolean ownsClient, HighAvailabilitySettings settings,
                          String namespace, String identity, String apiServer) {
        this(client, ownsClient, settings, namespace, identity, apiServer, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * @param clock  stamps the times this replica writes in Leases
     * @param ticker a monotonic clock in nanoseconds, by which this replica judges whether others are alive
     */
    KubernetesCoordinator(KubernetesClient client, boolean ownsClient, HighAvailabilitySettings settings,
                          String namespace, String identity, String apiServer, Clock clock, LongSupplier ticker) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.namespace = namespace;
        this.identity = identity;
        this.apiServer = apiServer;
        this.clock = clock;
        this.observations = new LeaseObservations(identity, settings.leaseDuration(), ticker, clock);
        this.membership = new Membership(client, namespace, settings.name(), identity, settings.leaseDuration(),
                clock, observations, this::campaignCount, apiServer, permissions);
        this.share = new Share(this::campaignCount, membership);
        long period = settings.retryPeriod().toMillis();
        this.rounds = scheduler.scheduleWithFixedDelay(this::round, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Read by the share without this object's lock (an acquisition may run inside {@link #campaign}). */
    private int campaignCount() {
        return campaignCount;
    }

    /** Renews membership, lists the group, and hands over what this replica holds beyond its share. */
    private void round() {
        try {
            membership.round();
            reportMembership();
            List<String> surplus = share.surplus();
            if (surplus.isEmpty()) {
                return;
            }
            String why = share.describe();
            for (String provider : surplus) {
                LeaseCampaign campaign;
                synchronized (this) {
                    campaign = campaigns.get(provider);
                }
                if (campaign != null) {
                    LOG.info("provider {} handed over by {} ({})", provider, identity, why);
                    // Stopping a provider may take a moment (its last checkpoint): not on the rounds' thread.
                    executor.execute(campaign::handOver);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("membership round of replica {} failed: {}", identity, e.toString());
        }
    }

    @Override
    public String identity() {
        return identity;
    }

    String namespace() {
        return namespace;
    }

    @Override
    public synchronized Campaign campaign(String provider, LeadershipListener listener) {
        String name = ObjectNames.of(settings.name(), provider);
        String lease = "Lease " + namespace + "/" + name;
        // Labelled, so that the membership round's one list of the group also shows the provider Leases.
        LeaseLock lock = new LeaseLock(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .addToLabels(KubernetesClusterReader.GROUP_LABEL, settings.name())
                .addToLabels(KubernetesClusterReader.ROLE_LABEL, PROVIDER_ROLE)
                .addToLabels(MANAGED_BY, "event-router").build(), identity);
        ApiFailures failures = new ApiFailures(lease, apiServer, Membership.LEASES, namespace, permissions);
        GatedLock gated = new GatedLock(new ReportingLock(lock, failures), provider, name, share, observations,
                membership, clock, settings.leaseDuration());
        LeaseCampaign campaign = new LeaseCampaign(client, gated, provider, lease, share, settings, listener,
                executor, scheduler);
        campaigns.put(provider, campaign);
        campaignCount = campaigns.size();
        campaign.start();
        return campaign;
    }

    @Override
    public CheckpointStore checkpointStore(String provider, Path directory) {
        if (settings.checkpoints() == CheckpointSharing.DIRECTORY) {
            return new FileCheckpointStore(directory);
        }
        return new ConfigMapCheckpointStore(client, namespace, ObjectNames.of(settings.name(), provider + "-checkpoint"),
                Map.of(MANAGED_BY, "event-router"), apiServer);
    }

    @Override
    public void close() {
        rounds.cancel(false);
        List<LeaseCampaign> open;
        synchronized (this) {
            open = List.copyOf(campaigns.values());
            campaigns.clear();
            campaignCount = 0;
        }
        open.forEach(LeaseCampaign::close);
        membership.delete();
        scheduler.shutdownNow();
        executor.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** One line when replicas join or leave: the reason behind the hand-overs and take-overs that follow. */
    private void reportMembership() {
        if (!membership.ready()) {
            return;
        }
        Set<String> live = membership.live();
        if (live.equals(lastLive)) {
            return;
        }
        Set<String> joined = new TreeSet<>(live);
        joined.removeAll(lastLive);
        joined.remove(identity);
        Set<String> gone = new TreeSet<>(lastLive);
        gone.removeAll(live);
        lastLive = live;
        LOG.info("replicas of {}: {} live ({}){}{}", settings.name(), live.size(), String.join(", ", live),
                joined.isEmpty() ? "" : "; joined: " + String.join(", ", joined),
                gone.isEmpty() ? "" : "; gone (not renewed for a lease duration, or stopped): "
                        + String.join(", ", gone));
    }

    /** Tests: as if the process died — no more renewals, nothing released or deleted, no listener told. */
    void halt() {
        rounds.cancel(false);
        List<LeaseCampaign> open;
        synchronized (this) {
            open = List.copyOf(campaigns.values());
        }
        open.forEach(LeaseCampaign::halt);
        // Calls under way may still land, as a dying process's last packets; interrupting them would only log.
        scheduler.shutdown();
        executor.shutdown();
    }

    /** Tests: the providers this replica holds now. */
    int held() {
        return share.held();
    }
}
