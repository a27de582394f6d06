package io.eventrouter.spi;

import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.http.ClientTls;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** What the router gives a processor when it creates it. */
public interface ProcessorContext {

    String name();

    ClientTls tls();

    MeterRegistry meterRegistry();

    Clock clock();

    /** Resolves destinations given as a Kubernetes {@code ref}; shared by the router's processors. */
    default AddressResolver addresses() {
        return AddressResolver.NONE;
    }

    /** The delivery policy the router uses for this processor; its {@code retryRules} say how to classify answers. */
    default DeliveryPolicy delivery() {
        return DeliveryPolicy.defaults();
    }
}
