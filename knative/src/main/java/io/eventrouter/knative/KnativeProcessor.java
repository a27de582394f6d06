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
    private final AutoCloseable kubernetes;

    /**
     * @param retryRules turns an answer classified by Knative's rules into one by the configured rules
     * @param kubernetes a Kubernetes client of this processor's own (for OIDC tokens), or {@code null}
     */
    KnativeProcessor(CloudEventsDestination destination, UnaryOperator<DeliveryResult> retryRules,
                     AutoCloseable kubernetes) {
        this.destination = destination;
        this.retryRules = retryRules;
        this.kubernetes = kubernetes;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return retryRules.apply(destination.send(event, timeout));
    }

    @Override
    public void close() {
        destination.close();
        if (kubernetes != null) {
            try {
                kubernetes.close();
            } catch (Exception ignored) {
                // closing: nothing left to do
            }
        }
    }

    @Override
    public String describe() {
        return destination.describe();
    }
}
