package io.eventrouter.systemtests.ha;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches the providers' checkpoint ConfigMaps {@code <name>-<provider>-checkpoint} and keeps when each was written
 * ({@link System#nanoTime()}): how old a provider's shared position was when its replica died.
 */
final class CheckpointWatch implements AutoCloseable {

    /** ConfigMap name → provider name */
    private final Map<String, String> providers = new HashMap<>();
    private final Map<String, List<Long>> writes = new HashMap<>();
    /** Provider → one line per write: its time from the watch's start and the document written. */
    private final Map<String, List<String>> documents = new TreeMap<>();
    private final long started = System.nanoTime();
    private final Watch watch;

    /** Start it before any replica, so that it sees every write. */
    CheckpointWatch(KubernetesClient client, String namespace, String prefix, Collection<String> providerNames) {
        for (String provider : providerNames) {
            providers.put(prefix + "-" + provider + "-checkpoint", provider);
            writes.put(provider, new ArrayList<>());
            documents.put(provider, new ArrayList<>());
        }
        this.watch = client.configMaps().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap configMap) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    written(configMap.getMetadata().getName(), String.valueOf(configMap.getData()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the mock server is shutting down
            }
        });
    }

    private synchronized void written(String configMap, String data) {
        String provider = providers.get(configMap);
        if (provider != null) {
            long now = System.nanoTime();
            writes.get(provider).add(now);
            documents.get(provider).add("+%,d ms %s".formatted(TimeUnit.NANOSECONDS.toMillis(now - started), data));
        }
    }

    /** Every write seen, per provider, for the run's log. */
    synchronized String describe() {
        StringBuilder text = new StringBuilder();
        documents.forEach((provider, lines) -> lines.forEach(line -> text.append(provider).append(' ').append(line)
                .append('\n')));
        return text.toString();
    }

    /** When this provider's checkpoint was last written before {@code time}; -1 if never. */
    synchronized long lastWriteBefore(String provider, long time) {
        long last = -1;
        for (long write : writes.get(provider)) {
            if (write <= time) {
                last = write;
            }
        }
        return last;
    }

    @Override
    public void close() {
        watch.close();
    }
}
