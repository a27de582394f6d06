package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DestinationAddress;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;

/**
 * POSTs each event to one CloudEvents endpoint: a plain URI (no Kubernetes needed) or the current address of a
 * referenced object; while that is unknown, deliveries report the destination unavailable and the router holds them.
 */
final class KnativeProcessor implements EventProcessor {

    private final DestinationAddress target;
    private final CloudEventSender sender;
    private final AutoCloseable client;

    KnativeProcessor(DestinationAddress target, CloudEventSender sender, AutoCloseable client) {
        this.target = target;
        this.sender = sender;
        this.client = client;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return sender.send(target, event, timeout);
    }

    @Override
    public void close() {
        target.close();
        try {
            client.close();
        } catch (Exception ignored) {
            // closing: nothing left to do
        }
    }

    @Override
    public String describe() {
        return target.describe();
    }
}
