package io.eventrouter.spi;

import io.eventrouter.checkpoint.CheckpointStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.time.Clock;

/** What the router gives a running provider. */
public interface ProviderContext {

    /** The provider's name: its config {@code name}, or its type when the config has none. */
    String name();

    EventPublisher publisher();

    ProviderHealth health();

    /** Where the provider keeps its position. {@code directory} is the one its config names. */
    CheckpointStore checkpointStore(Path directory);

    /** TLS for outgoing connections, with the configured root CAs. */
    ConnectorTls tls();

    MeterRegistry meterRegistry();

    Clock clock();

    /**
     * Whether the configuration is the original's (its v1alpha1 YAML or JSON): a provider whose CloudEvents differ
     * from the original's where ours improve on them (Horizon's {@code subject} and time precision) then writes the
     * original's, so that filters and functions written for the original keep working.
     */
    default boolean originalAttributes() {
        return false;
    }
}
