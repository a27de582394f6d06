package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;

/** POSTs each event to one CloudEvents destination; no Kubernetes needed for a plain URI. */
final class KnativeProcessor implements EventProcessor {

    private final CloudEventsDestination destination;

    KnativeProcessor(CloudEventsDestination destination) {
        this.destination = destination;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return destination.send(event, timeout);
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
