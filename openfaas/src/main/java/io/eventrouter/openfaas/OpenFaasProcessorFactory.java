package io.eventrouter.openfaas;

import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryDefaults;
import io.eventrouter.config.DeliverySpec;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.ProcessorContext;

import java.time.Duration;

/** {@code type: openfaas}, settings under {@code openfaas}. */
public final class OpenFaasProcessorFactory implements EventProcessorFactory<OpenFaasConfig>, DeliveryDefaults {

    /**
     * The original's invocation behaviour: 15 s per call, three attempts in all with backoff from 1 s up to 5 s
     * (exponential here doubles from the first retry, so a 500 ms base gives 1 s, then 2 s).
     */
    private static final DeliverySpec ORIGINAL = new DeliverySpec(2, BackoffPolicy.EXPONENTIAL,
            Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(15), null, null, null, null)
            .withDefaults(DeliverySpec.DEFAULT);

    @Override
    public String type() {
        return "openfaas";
    }

    @Override
    public Class<OpenFaasConfig> configType() {
        return OpenFaasConfig.class;
    }

    @Override
    public String description() {
        return "Invokes OpenFaaS functions subscribed to the event's subject through their topic annotation.";
    }

    @Override
    public DeliverySpec defaultDelivery() {
        return ORIGINAL;
    }

    @Override
    public EventProcessor create(OpenFaasConfig config, ProcessorContext context) {
        return new OpenFaasProcessor(config, context);
    }
}
