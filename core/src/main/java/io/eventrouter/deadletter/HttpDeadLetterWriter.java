package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.spi.DeliveryResult;

import java.time.Duration;

/** Sends dead-lettered events to a CloudEvents endpoint (structured mode, so the error extensions travel in the body). */
public final class HttpDeadLetterWriter implements DeadLetterWriter {

    private final CloudEventsDestination destination;
    private final Duration timeout;

    public HttpDeadLetterWriter(CloudEventsDestination destination, Duration timeout) {
        this.destination = destination;
        this.timeout = timeout;
    }

    @Override
    public DeliveryResult write(CloudEvent event) throws InterruptedException {
        return destination.send(event, timeout);
    }

    @Override
    public String describe() {
        return destination.describe();
    }

    @Override
    public void close() {
        destination.close();
    }
}
