package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DestinationAddress;

import java.time.Duration;

/** Sends dead-lettered events to a CloudEvents endpoint (structured mode, so the error extensions travel in the body). */
public final class HttpDeadLetterWriter implements DeadLetterWriter {

    private final DestinationAddress target;
    private final CloudEventSender sender;
    private final Duration timeout;
    private final AutoCloseable client;

    /** @param target a fixed URL or a resolved Kubernetes object; closed with this writer */
    public HttpDeadLetterWriter(DestinationAddress target, CloudEventSender sender, Duration timeout,
                                AutoCloseable client) {
        this.target = target;
        this.sender = sender;
        this.timeout = timeout;
        this.client = client;
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
    public DeliveryResult write(CloudEvent event) throws InterruptedException {
        return sender.send(target, event, timeout);
    }

    @Override
    public String describe() {
        return target.describe();
    }
}
