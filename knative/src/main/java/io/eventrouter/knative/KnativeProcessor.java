package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * POSTs each event to one CloudEvents destination; no Kubernetes needed for a plain URI. With {@code batch}, POSTs
 * consecutive events of a lane as one batch instead, and a single event as a batch of one, so the destination sees
 * one content mode.
 */
final class KnativeProcessor implements EventProcessor {

    private final CloudEventsDestination destination;
    private final UnaryOperator<DeliveryResult> retryRules;
    private final AutoCloseable kubernetes;
    private final BatchConfig batch;

    /**
     * @param retryRules turns an answer classified by Knative's rules into one by the configured rules
     * @param kubernetes a Kubernetes client of this processor's own (for OIDC tokens), or {@code null}
     * @param batch      batched mode, or {@code null} for one event per request
     */
    KnativeProcessor(CloudEventsDestination destination, UnaryOperator<DeliveryResult> retryRules,
                     AutoCloseable kubernetes, BatchConfig batch) {
        this.destination = destination;
        this.retryRules = retryRules;
        this.kubernetes = kubernetes;
        this.batch = batch;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return retryRules.apply(batch == null ? destination.send(event, timeout)
                : destination.sendBatch(List.of(event), timeout));
    }

    @Override
    public int maxBatchSize() {
        return batch == null ? 1 : batch.maxEventsOrDefault();
    }

    @Override
    public Duration maxBatchDelay() {
        return batch == null ? Duration.ZERO : batch.maxDelayOrDefault();
    }

    /** One request for the whole batch: its answer is each event's. */
    @Override
    public List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) throws InterruptedException {
        if (batch == null) {
            return EventProcessor.super.deliverAll(events, timeout);
        }
        return Collections.nCopies(events.size(), retryRules.apply(destination.sendBatch(events, timeout)));
    }

    @Override
    public void close() {
        destination.close();
        if (kubernetes != null) {
            try {
                kubernetes.close();
            } catch (Exception ignored) {
                // closing: nothing left to do
            }
        }
    }

    @Override
    public String describe() {
        return destination.describe();
    }
}
