package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.function.UnaryOperator;

/** POSTs each event to one CloudEvents destination; no Kubernetes needed for a plain URI. */
final class KnativeProcessor implements EventProcessor {

    private final CloudEventsDestination destination;
    private final UnaryOperator<DeliveryResult> retryRules;

    /** @param retryRules turns an answer classified by Knative's rules into one by the configured rules */
    KnativeProcessor(CloudEventsDestination destination, UnaryOperator<DeliveryResult> retryRules) {
        this.destination = destination;
        this.retryRules = retryRules;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return retryRules.apply(destination.send(event, timeout));
    }

    @Override
    public void close() {
        destination.close();
    }

    @Override
    public String describe() {
        return destination.describe();
    }
}
