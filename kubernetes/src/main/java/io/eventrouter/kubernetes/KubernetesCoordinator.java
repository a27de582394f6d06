package io.eventrouter.kubernetes;

import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.eventrouter.ha.Campaign;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.LeadershipListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Replicas coordinated through the Kubernetes API: a Lease {@code <name>-<provider>} per provider that runs once,
 * and (by default) a ConfigMap {@code <name>-<provider>-checkpoint} with its checkpoints.
 */
final class KubernetesCoordinator implements Coordinator {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

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
    private final List<LeaseCampaign> campaigns = new ArrayList<>();

    KubernetesCoordinator(KubernetesClient client, boolean ownsClient, HighAvailabilitySettings settings,
                          String namespace, String identity, String apiServer) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.namespace = namespace;
        this.identity = identity;
        this.apiServer = apiServer;
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
        LeaseLock lock = new LeaseLock(namespace, name, identity);
        LeaseCampaign campaign = new LeaseCampaign(client, new ReportingLock(lock, new ApiFailures(lease, apiServer)),
                lease, settings, listener, executor, scheduler);
        campaigns.add(campaign);
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
        List<LeaseCampaign> open;
        synchronized (this) {
            open = List.copyOf(campaigns);
            campaigns.clear();
        }
        open.forEach(LeaseCampaign::close);
        scheduler.shutdownNow();
        executor.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }
}
