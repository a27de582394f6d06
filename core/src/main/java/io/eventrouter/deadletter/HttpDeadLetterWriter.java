package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.spi.DeliveryResult;

import java.net.URI;
import java.time.Duration;

/** Sends dead-lettered events to a CloudEvents endpoint (structured mode, so the error extensions travel in the body). */
public final class HttpDeadLetterWriter implements DeadLetterWriter {

    private final URI target;
    private final CloudEventSender sender;
    private final Duration timeout;
    private final AutoCloseable client;

    public HttpDeadLetterWriter(URI target, CloudEventSender sender, Duration timeout, AutoCloseable client) {
        this.target = target;
        this.sender = sender;
        this.timeout = timeout;
        this.client = client;
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
    public DeliveryResult write(CloudEvent event) throws InterruptedException {
        return sender.send(target, event, timeout);
    }

    @Override
    public String describe() {
        return target.toString();
    }
}
