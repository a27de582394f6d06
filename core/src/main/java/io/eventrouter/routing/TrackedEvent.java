package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.Acknowledgement;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** One published event on its way through the router, done when every matched processor is done with it. */
public final class TrackedEvent implements Acknowledgement {

    private final long sequence;
    private final CloudEvent event;
    private final String provider;
    private final String orderingKey;
    private final long bytes;
    private final Instant receivedAt;
    private final AtomicInteger remaining = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicReference<Outcome> worst =
            new java.util.concurrent.atomic.AtomicReference<>(Outcome.DELIVERED);

    TrackedEvent(long sequence, CloudEvent event, String provider, String orderingKey, long bytes, Instant receivedAt) {
        this.sequence = sequence;
        this.event = event;
        this.provider = provider;
        this.orderingKey = orderingKey;
        this.bytes = bytes;
        this.receivedAt = receivedAt;
    }

    /** The router's number for the event, unique within this process (for the viewer and logs). */
    public long sequence() {
        return sequence;
    }

    public CloudEvent event() {
        return event;
    }

    public String provider() {
        return provider;
    }

    public String orderingKey() {
        return orderingKey;
    }

    public long bytes() {
        return bytes;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    void expect(int processors) {
        remaining.set(processors);
        if (processors == 0) {
            done.complete(null);
        }
    }

    /** One processor is finished with the event. */
    void processorDone(Outcome outcome) {
        worst.accumulateAndGet(outcome, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
        if (remaining.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    @Override
    public Optional<Outcome> outcome() {
        return done.isDone() ? Optional.of(worst.get()) : Optional.empty();
    }

    @Override
    public CompletionStage<Void> done() {
        return done;
    }
}
