package io.eventrouter.spi;

import io.cloudevents.CloudEvent;

import java.time.Duration;

/**
 * Hands events to one kind of destination. The router owns queues, ordering, retries and dead-lettering; a
 * processor only makes one attempt per call and says how it went. Calls may come from several threads at once
 * (up to the processor's configured concurrency), each on its own virtual thread, so blocking I/O is fine.
 */
public interface EventProcessor extends AutoCloseable {

    /**
     * Whether this destination wants the event at all, beyond the configured filters (e.g. an OpenFaaS function
     * subscribed to its subject, an EventBridge rule pattern). An event no processor wants is acknowledged at once.
     */
    default boolean wants(CloudEvent event) {
        return true;
    }

    /** One delivery attempt. Must not throw for delivery failures: report them in the result. */
    DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException;

    /** A one-line description of the destination for logs and {@code /stats}, without secrets. */
    String describe();

    @Override
    default void close() {
    }
}
