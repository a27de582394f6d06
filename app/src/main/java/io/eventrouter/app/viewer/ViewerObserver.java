package io.eventrouter.app.viewer;

import io.eventrouter.app.viewer.Outcome.State;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.routing.TrackedEvent;
import io.eventrouter.spi.DeliveryResult;

import java.time.Clock;
import java.time.Duration;

/**
 * Feeds the viewer from the router. Runs on router threads, so it only copies (attributes and at most
 * {@code maxDataBytes} of data), updates the history under a short lock and offers to the browsers' bounded queues;
 * rendering JSON and writing to sockets happen on each browser's own thread.
 */
final class ViewerObserver implements RouterObserver {

    private final EventHistory history;
    private final TypeCounts counts;
    private final ViewerHub hub;
    private final Clock clock;
    private final int maxDataBytes;

    ViewerObserver(EventHistory history, TypeCounts counts, ViewerHub hub, Clock clock, int maxDataBytes) {
        this.history = history;
        this.counts = counts;
        this.hub = hub;
        this.clock = clock;
        this.maxDataBytes = maxDataBytes;
    }

    @Override
    public void received(TrackedEvent event) {
        ViewerEntry entry = ViewerEntry.of(event.sequence(), event.receivedAt(), event.provider(), event.event(),
                maxDataBytes);
        counts.count(event.event().getType(), event.event().getSubject());
        history.add(entry);
        hub.publish(Subscriber.Kind.EVENT, entry);
    }

    @Override
    public void filteredOut(String processor, TrackedEvent event) {
        update(processor, event, new Outcome(State.FILTERED_OUT, 0, 0, "", clock.instant(), null));
    }

    @Override
    public void queued(String processor, TrackedEvent event) {
        update(processor, event, new Outcome(State.QUEUED, 0, 0, "", clock.instant(), null));
    }

    @Override
    public void retrying(String processor, TrackedEvent event, DeliveryResult result, int attempt, Duration wait) {
        var now = clock.instant();
        update(processor, event, new Outcome(State.RETRYING, attempt, result.statusCode(), result.detail(), now,
                now.plus(wait)));
    }

    @Override
    public void rateLimited(String processor, TrackedEvent event, Duration wait) {
        var now = clock.instant();
        update(processor, event, new Outcome(State.RATE_LIMITED, 0, 0, "held by delivery.rateLimit", now,
                now.plus(wait)));
    }

    @Override
    public void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
        update(processor, event, new Outcome(State.DELIVERED, attempts, result.statusCode(), "", clock.instant(),
                null));
    }

    @Override
    public void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
        update(processor, event, new Outcome(State.DEAD_LETTERED, 0, lastResult.statusCode(),
                "to " + sink + ": " + lastResult.detail(), clock.instant(), null));
    }

    @Override
    public void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
        update(processor, event, new Outcome(State.DROPPED, 0, lastResult.statusCode(), lastResult.detail(),
                clock.instant(), null));
    }

    private void update(String processor, TrackedEvent event, Outcome outcome) {
        ViewerEntry entry = history.find(event.sequence());
        if (entry != null && entry.update(processor, outcome)) {
            hub.publish(Subscriber.Kind.STATUS, entry);
        }
    }
}
