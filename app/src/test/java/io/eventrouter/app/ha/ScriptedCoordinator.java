package io.eventrouter.app.ha;

import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.ha.Campaign;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.CoordinatorFactory;
import io.eventrouter.ha.LeadershipListener;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A coordinator whose elections the test decides: {@link #holds} says which replica holds a provider now, and the
 * campaign's listener is told as the Lease-based coordinator tells it (this replica deposed first when it loses,
 * elected after the news when it wins). Checkpoints are plain files. The Lease-based coordinator itself is tested in
 * the kubernetes module.
 */
public final class ScriptedCoordinator implements Coordinator, CoordinatorFactory {

    private final String identity;
    private final Map<String, LeadershipListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, String> holders = new ConcurrentHashMap<>();

    public ScriptedCoordinator(String identity) {
        this.identity = identity;
    }

    @Override
    public Coordinator create(io.eventrouter.ha.HighAvailabilitySettings settings) {
        return this;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public Campaign campaign(String provider, LeadershipListener listener) {
        listeners.put(provider, listener);
        return () -> {
            if (listeners.remove(provider) != null && identity.equals(holders.get(provider))) {
                listener.deposed();
            }
        };
    }

    /** {@code holder} now holds {@code provider} ({@code null}: no replica does); the campaign must be open. */
    public synchronized void holds(String provider, String holder) {
        LeadershipListener listener = Objects.requireNonNull(listeners.get(provider), "no campaign for " + provider);
        String previous = holder == null ? holders.remove(provider) : holders.put(provider, holder);
        if (identity.equals(previous) && !identity.equals(holder)) {
            listener.deposed();
        }
        listener.leaderChanged(holder);
        if (identity.equals(holder) && !identity.equals(previous)) {
            listener.elected();
        }
    }

    /** Whether every provider in {@code providers} has an open campaign (they start with the router). */
    public boolean campaigning(String... providers) {
        for (String provider : providers) {
            if (!listeners.containsKey(provider)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CheckpointStore checkpointStore(String provider, Path directory) {
        return new FileCheckpointStore(directory);
    }

    @Override
    public void close() {
        listeners.keySet().forEach(provider -> {
            LeadershipListener listener = listeners.remove(provider);
            if (listener != null && identity.equals(holders.get(provider))) {
                listener.deposed();
            }
        });
    }
}
