package io.eventrouter.spi;

import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/** The plain {@link ProviderContext}: what the application (or a test) hands a provider. */
public record ProviderEnvironment(String name, EventPublisher publisher, ProviderHealth health, ConnectorTls tls,
                                  MeterRegistry meterRegistry, Clock clock,
                                  Function<Path, CheckpointStore> checkpoints, boolean originalAttributes)
        implements ProviderContext {

    /** With this router's own attributes ({@link #originalAttributes()} false). */
    public ProviderEnvironment(String name, EventPublisher publisher, ProviderHealth health, ConnectorTls tls,
                               MeterRegistry meterRegistry, Clock clock, Function<Path, CheckpointStore> checkpoints) {
        this(name, publisher, health, tls, meterRegistry, clock, checkpoints, false);
    }

    /** Defaults for tests and tools: file checkpoints, the JDK's CAs, a private meter registry, the UTC clock. */
    public static ProviderEnvironment of(String name, EventPublisher publisher, ProviderHealth health) {
        return new ProviderEnvironment(name, publisher, health, ConnectorTls.systemDefault(), new SimpleMeterRegistry(),
                Clock.systemUTC(), FileCheckpointStore::new);
    }

    @Override
    public CheckpointStore checkpointStore(Path directory) {
        return checkpoints.apply(directory);
    }
}
