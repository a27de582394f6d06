package io.eventrouter.spi;

import io.cloudevents.CloudEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * As {@link #tryPublish} for several events of one ordering key, in order, queued together so that a processor
     * that batches sees them at once. Stops at the first event that finds no room within {@code maxWait}: the
     * result holds the acknowledgements of the events before it (all of them when it is as long as {@code events}).
     */
    default List<Acknowledgement> tryPublishAll(List<CloudEvent> events, String orderingKey, Duration maxWait)
            throws InterruptedException {
        List<Acknowledgement> acknowledgements = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            Optional<Acknowledgement> ack = tryPublish(event, orderingKey, maxWait);
            if (ack.isEmpty()) {
                break;
            }
            acknowledgements.add(ack.get());
        }
        return acknowledgements;
    }

    /** Counts an input the provider could not turn into an event (the original's {@code events_err}). */
    void recordError();
}
