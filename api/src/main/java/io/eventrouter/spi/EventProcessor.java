package io.eventrouter.spi;

import io.cloudevents.CloudEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * How many consecutive events of one ordering lane {@link #deliverAll} may take at once. Destinations that
     * batch (EventBridge PutEvents, a Kafka producer) raise it; the order within a batch is the publish order.
     */
    default int maxBatchSize() {
        return 1;
    }

    /**
     * How long a batch that is not full may wait for more events of its lane before {@link #deliverAll} is called;
     * zero (the default) takes what is queued at once.
     */
    default Duration maxBatchDelay() {
        return Duration.ZERO;
    }

    /**
     * One attempt for several events of one lane, in order; returns one result per event, in the same order.
     * The default delivers one by one and stops at the first failure: later events are reported as not attempted
     * (unavailable, so they are retried without using up their retry budget).
     */
    default List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) throws InterruptedException {
        List<DeliveryResult> results = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            if (!results.isEmpty() && !results.getLast().isDelivered()) {
                results.add(DeliveryResult.unavailable(0, "not attempted: an earlier event of the batch failed", null));
            } else {
                results.add(deliver(event, timeout));
            }
        }
        return results;
    }

    /** A one-line description of the destination for logs and {@code /stats}, without secrets. */
    String describe();

    /**
     * The {@code address} of this processor in {@code /stats}: what the original wrote there (its configured
     * address, the EventBridge rule ARN), never user names or secrets. Defaults to {@link #describe()}.
     */
    default String statsAddress() {
        return describe();
    }

    /**
     * Whether {@code /stats} lists the subjects of events this processor declined ({@link #wants} false) with zero
     * counts, as the original's EventBridge processor did for every subject it saw.
     */
    default boolean statsListDeclinedSubjects() {
        return false;
    }

    @Override
    default void close() {
    }
}
