package io.eventrouter.spi;

import io.cloudevents.CloudEvent;

import java.time.Duration;
import java.util.Optional;

/** How a provider hands events to the router. Calls block, which is how backpressure reaches the provider. */
public interface EventPublisher {

    /**
     * Publishes one event, waiting while the router's queues are full.
     *
     * @param orderingKey events with the same key are delivered to each processor in publish order; events with
     *                    different keys may be delivered in parallel
     * @return a handle that completes once every processor has delivered, dead-lettered or declined the event
     * @throws InterruptedException when the router shuts down or the thread is interrupted while waiting
     */
    Acknowledgement publish(CloudEvent event, String orderingKey) throws InterruptedException;

    /** As {@link #publish}, but gives up after {@code maxWait}; empty means the router is full. */
    Optional<Acknowledgement> tryPublish(CloudEvent event, String orderingKey, Duration maxWait)
            throws InterruptedException;

    /** Counts an input the provider could not turn into an event (the original's {@code events_err}). */
    void recordError();
}
