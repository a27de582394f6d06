package io.eventrouter.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;

/** The plain {@link ProcessorContext}. */
public record ProcessorEnvironment(String name, ConnectorTls tls, MeterRegistry meterRegistry, Clock clock,
                                   AddressResolver addresses) implements ProcessorContext {

    /** Without Kubernetes address resolution: a destination {@code ref} is refused. */
    public ProcessorEnvironment(String name, ConnectorTls tls, MeterRegistry meterRegistry, Clock clock) {
        this(name, tls, meterRegistry, clock, AddressResolver.NONE);
    }

    public static ProcessorEnvironment of(String name) {
        return new ProcessorEnvironment(name, ConnectorTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
