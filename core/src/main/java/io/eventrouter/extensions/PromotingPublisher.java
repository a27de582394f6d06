package io.eventrouter.extensions;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;

import java.time.Duration;
import java.util.Optional;

/** A provider's publisher that promotes the provider's {@code extensions} before the router sees the event. */
public final class PromotingPublisher implements EventPublisher {

    private final EventPublisher delegate;
    private final AttributePromoter promoter;

    public PromotingPublisher(EventPublisher delegate, AttributePromoter promoter) {
        this.delegate = delegate;
        this.promoter = promoter;
    }

    @Override
    public Acknowledgement publish(CloudEvent event, String orderingKey) throws InterruptedException {
        return delegate.publish(promoter.promote(event), orderingKey);
    }

    @Override
    public Optional<Acknowledgement> tryPublish(CloudEvent event, String orderingKey, Duration maxWait)
            throws InterruptedException {
        return delegate.tryPublish(promoter.promote(event), orderingKey, maxWait);
    }

    @Override
    public void recordError() {
        delegate.recordError();
    }
}
