package io.eventrouter.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;

/** The plain {@link ProcessorContext}. */
public record ProcessorEnvironment(String name, ConnectorTls tls, MeterRegistry meterRegistry, Clock clock,
                                   AddressResolver addresses, boolean originalRetryRules) implements ProcessorContext {

    /** With Knative's retry rules. */
    public ProcessorEnvironment(String name, ConnectorTls tls, MeterRegistry meterRegistry, Clock clock,
                                AddressResolver addresses) {
        this(name, tls, meterRegistry, clock, addresses, false);
    }

    /** Without Kubernetes address resolution: a destination {@code ref} is refused. */
    public ProcessorEnvironment(String name, ConnectorTls tls, MeterRegistry meterRegistry, Clock clock) {
        this(name, tls, meterRegistry, clock, AddressResolver.NONE);
    }

    /** This environment with the original's retry rules or Knative's. */
    public ProcessorEnvironment withOriginalRetryRules(boolean original) {
        return new ProcessorEnvironment(name, tls, meterRegistry, clock, addresses, original);
    }

    public static ProcessorEnvironment of(String name) {
        return new ProcessorEnvironment(name, ConnectorTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
