package io.eventrouter.kubernetes;

import io.eventrouter.checkpoint.CheckpointStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's checkpoints in a ConfigMap that every replica can read: each document is a data key. Updates are
 * optimistic: they carry the resourceVersion this store last saw, and when the ConfigMap changed meanwhile the write
 * goes through only if the document itself is still the one this store last read or wrote. Otherwise another
 * replica has taken the provider over and writes its position: a deposed holder's late write must not move it back,
 * so this store refuses that write and every later one.
 */
final class ConfigMapCheckpointStore implements CheckpointStore {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Map<String, String> labels;
    private final ApiFailures failures;
    /** The ConfigMap as last read or written here; {@code null} when it did not exist. */
    private ConfigMap last;
    private boolean seen;
    /**
     * Document key → what this store last tried to write there without an answer (the call timed out): the API
     * server may have applied it, so finding it there later is this replica's own write, not another's.
     */
    private final Map<String, String> unanswered = new HashMap<>();
    /** Set once another replica was found writing: nothing is written from here any more. */
    private String fencedBecause;

    ConfigMapCheckpointStore(KubernetesClient client, String namespace, String name, Map<String, String> labels,
                             String apiServer) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.labels = Map.copyOf(labels);
        this.failures = new ApiFailures("ConfigMap " + describe(), apiServer);
    }

    @Override
    public synchronized Optional<String> read(String document) throws IOException {
        last = fetch();
        seen = true;
        return Optional.ofNullable(valueIn(last, ObjectNames.dataKey(document)));
    }

    @Override
    public synchronized void write(String document, String content) throws IOException {
        if (fencedBecause != null) {
            throw new IOException(fencedBecause);
        }
        String key = ObjectNames.dataKey(document);
        if (!seen) {
            last = fetch();
            seen = true;
        }
        String verb = last == null ? "create" : "update";
        try {
            last = save(last, key, content);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                unanswered.put(key, content);
                failures.failed(verb, e);
                throw new IOException("cannot write ConfigMap " + describe() + ": " + ApiFailures.describe(e), e);
            }
            retryAfterConflict(key, content);
        }
        unanswered.remove(key);
        failures.succeeded(verb);
    }

    /** The ConfigMap changed since it was read here: write over it only if this document was left alone. */
    private void retryAfterConflict(String key, String content) throws IOException {
        ConfigMap current = fetch();
        String found = valueIn(current, key);
        boolean ours = Objects.equals(found, valueIn(last, key))
                || (unanswered.containsKey(key) && Objects.equals(found, unanswered.get(key)));
        if (!ours) {
            fencedBecause = "checkpoint " + key + " in ConfigMap " + describe() + " was changed by another replica "
                    + "(which now runs this provider); not overwriting it";
            throw new IOException(fencedBecause);
        }
        try {
            last = save(current, key, content);
        } catch (KubernetesClientException e) {
            throw new IOException("cannot write ConfigMap " + describe() + ": " + ApiFailures.describe(e), e);
        }
    }

    /** Creates the ConfigMap, or updates it from {@code base}, whose resourceVersion makes the update conditional. */
    private ConfigMap save(ConfigMap base, String key, String content) {
        if (base == null) {
            return client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                    .addToData(key, content).build()).create();
        }
        return client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(base).addToData(key, content)
                .build()).update();
    }

    private ConfigMap fetch() throws IOException {
        try {
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
            failures.succeeded("get");
            return map;
        } catch (KubernetesClientException e) {
            failures.failed("get", e);
            throw new IOException("cannot read ConfigMap " + describe() + ": " + ApiFailures.describe(e), e);
        }
    }

    private static String valueIn(ConfigMap map, String key) {
        return map == null || map.getData() == null ? null : map.getData().get(key);
    }

    @Override
    public String describe() {
        return namespace + "/" + name;
    }
}
