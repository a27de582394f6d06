package io.eventrouter.spi;

import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.http.ClientTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;

/** The plain {@link ProcessorContext}. */
public record ProcessorEnvironment(String name, ClientTls tls, MeterRegistry meterRegistry, Clock clock,
                                   AddressResolver addresses, DeliveryPolicy delivery) implements ProcessorContext {

    public ProcessorEnvironment(String name, ClientTls tls, MeterRegistry meterRegistry, Clock clock,
                                AddressResolver addresses) {
        this(name, tls, meterRegistry, clock, addresses, DeliveryPolicy.defaults());
    }

    /** Without Kubernetes address resolution: a destination {@code ref} is refused. */
    public ProcessorEnvironment(String name, ClientTls tls, MeterRegistry meterRegistry, Clock clock) {
        this(name, tls, meterRegistry, clock, AddressResolver.NONE);
    }

    /** This environment with another delivery policy. */
    public ProcessorEnvironment withDelivery(DeliveryPolicy policy) {
        return new ProcessorEnvironment(name, tls, meterRegistry, clock, addresses, policy);
    }

    public static ProcessorEnvironment of(String name) {
        return new ProcessorEnvironment(name, ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
