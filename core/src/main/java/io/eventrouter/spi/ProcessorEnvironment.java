package io.eventrouter.spi;

import io.eventrouter.http.ClientTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;

/** The plain {@link ProcessorContext}. */
public record ProcessorEnvironment(String name, ClientTls tls, MeterRegistry meterRegistry, Clock clock)
        implements ProcessorContext {

    public static ProcessorEnvironment of(String name) {
        return new ProcessorEnvironment(name, ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
