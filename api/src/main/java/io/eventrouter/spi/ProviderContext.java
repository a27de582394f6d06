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
}
