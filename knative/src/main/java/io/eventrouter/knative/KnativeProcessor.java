package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;

/** POSTs each event to one CloudEvents destination; no Kubernetes needed for a plain URI. */
final class KnativeProcessor implements EventProcessor {

    private final CloudEventsDestination destination;
    private final AutoCloseable kubernetes;

    /** @param kubernetes a Kubernetes client of this processor's own (for OIDC tokens), or {@code null} */
    KnativeProcessor(CloudEventsDestination destination, AutoCloseable kubernetes) {
        this.destination = destination;
        this.kubernetes = kubernetes;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return destination.send(event, timeout);
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
