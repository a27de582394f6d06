package io.eventrouter.spi;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** What the router gives a processor when it creates it. */
public interface ProcessorContext {

    String name();

    ConnectorTls tls();

    MeterRegistry meterRegistry();

    Clock clock();

    /** Resolves destinations given as a Kubernetes {@code ref}; shared by the router's processors. */
    default AddressResolver addresses() {
        return AddressResolver.NONE;
    }

    /**
     * Whether this processor classifies its destination's answers as the original router did for its type (the
     * delivery section's {@code retryRules: original}) instead of by Knative's data-plane rules.
     */
    default boolean originalRetryRules() {
        return false;
    }
}
