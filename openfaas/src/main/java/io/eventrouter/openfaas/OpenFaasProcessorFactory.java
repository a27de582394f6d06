package io.eventrouter.openfaas;

import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryDefaults;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.RetryRules;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.ProcessorContext;

import java.time.Duration;

/** {@code type: openfaas}, settings under {@code openfaas}. */
public final class OpenFaasProcessorFactory implements EventProcessorFactory<OpenFaasConfig>, DeliveryDefaults {

    /**
     * The original's invocation behaviour: 15 s per call, one call and 3 retries waiting 1, 2 and 4 s (exponential
     * here doubles from the first retry, so a 500 ms base gives 1 s, 2 s, 4 s).
     */
    private static final DeliveryPolicy DEFAULTS = DeliveryPolicy.builder().retry(3)
            .backoffPolicy(BackoffPolicy.EXPONENTIAL).backoffDelay(Duration.ofMillis(500))
            .backoffMax(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(15)).build();

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
    public DeliveryPolicy defaultDelivery() {
        return DEFAULTS;
    }

    @Override
    public DeliveryPolicy defaultDeliveryInOriginalFormats() {
        return DEFAULTS.toBuilder().retryRules(RetryRules.ORIGINAL).build();
    }

    @Override
    public EventProcessor create(OpenFaasConfig config, ProcessorContext context) {
        return new OpenFaasProcessor(config, context);
    }
}
