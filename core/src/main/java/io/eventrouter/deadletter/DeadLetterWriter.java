package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;

/** Takes events whose retries are used up, already marked with the Knative error extensions. */
public interface DeadLetterWriter extends AutoCloseable {

    DeliveryResult write(CloudEvent event) throws InterruptedException;

    String describe();

    @Override
    default void close() {
    }
}
