package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.net.URI;
import java.time.Duration;

/** POSTs each event to one CloudEvents endpoint; no Kubernetes needed for a plain URI. */
final class KnativeProcessor implements EventProcessor {

    private final URI target;
    private final CloudEventSender sender;
    private final AutoCloseable client;

    KnativeProcessor(URI target, CloudEventSender sender, AutoCloseable client) {
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
        try {
            client.close();
        } catch (Exception ignored) {
            // closing: nothing left to do
        }
    }

    @Override
    public String describe() {
        return io.eventrouter.config.Binder.redactUserInfo(target.toString());
    }
}
