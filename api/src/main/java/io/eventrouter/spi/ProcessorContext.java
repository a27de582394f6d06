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
}
