package io.eventrouter.app.runtime;

import io.eventrouter.checkpoint.CheckpointStore;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A shared checkpoint store whose writes cost the API server a request each (a ConfigMap): it asks writers to keep
 * {@code highAvailability.checkpointInterval} apart, so 500 vCenters do not rewrite 500 ConfigMaps every second.
 */
final class SpacedCheckpointStore implements CheckpointStore {

    private final CheckpointStore store;
    private final Duration interval;

    SpacedCheckpointStore(CheckpointStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    @Override
    public Optional<String> read(String name) throws IOException {
        return store.read(name);
    }

    @Override
    public void write(String name, String content) throws IOException {
        store.write(name, content);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public Duration writeInterval() {
        return interval.compareTo(store.writeInterval()) > 0 ? interval : store.writeInterval();
    }
}
