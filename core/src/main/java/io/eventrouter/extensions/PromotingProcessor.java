package io.eventrouter.extensions;

import io.cloudevents.CloudEvent;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.List;

/**
 * A processor that receives events with its {@code extensions} promoted; {@link #filter} lets the processor's filters
 * see the same attributes. Other processors, the viewer and dead letters see the event as the provider made it.
 */
public final class PromotingProcessor implements EventProcessor {

    private final EventProcessor delegate;
    private final AttributePromoter promoter;

    public PromotingProcessor(EventProcessor delegate, AttributePromoter promoter) {
        this.delegate = delegate;
        this.promoter = promoter;
    }

    /** {@code filter} applied to the event as this processor receives it. */
    public EventFilter filter(EventFilter filter) {
        return filter == EventFilter.ALL ? filter : event -> filter.matches(promoter.promote(event));
    }

    @Override
    public boolean wants(CloudEvent event) {
        return delegate.wants(promoter.promote(event));
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return delegate.deliver(promoter.promote(event), timeout);
    }

    @Override
    public int maxBatchSize() {
        return delegate.maxBatchSize();
    }

    @Override
    public List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) throws InterruptedException {
        return delegate.deliverAll(events.stream().map(promoter::promote).toList(), timeout);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
