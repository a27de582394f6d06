package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.eventrouter.retry.Sleeper;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes events from providers, offers each to every route whose filter accepts it, and acknowledges it once every
 * such route has delivered, dead-lettered or dropped it. Publishing blocks while a matched route's queue is full.
 */
public final class Router implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /** Rough per-event overhead of attributes and bookkeeping, added to the data size for the byte limits. */
    private static final int EVENT_OVERHEAD_BYTES = 512;

    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final RouterObserver observer;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    public Router(List<Route> routes, RouterObserver observer, Clock clock, Sleeper sleeper) {
        this.observer = observer;
        this.clock = clock;
        for (Route route : routes) {
            dispatchers.add(new Dispatcher(route, observer, sleeper));
        }
        dispatchers.forEach(Dispatcher::start);
    }

    public Router(List<Route> routes, RouterObserver observer) {
        this(routes, observer, Clock.systemUTC(), null);
    }

    /** The publisher a provider uses; {@code providerName} labels its events in metrics and the viewer. */
    public EventPublisher publisher(String providerName) {
        return new EventPublisher() {
            @Override
            public Acknowledgement publish(CloudEvent event, String orderingKey) throws InterruptedException {
                Optional<Acknowledgement> ack = route(providerName, event, orderingKey, Long.MAX_VALUE);
                if (ack.isEmpty()) {
                    throw new InterruptedException("the router is stopping");
                }
                return ack.get();
            }

            @Override
            public Optional<Acknowledgement> tryPublish(CloudEvent event, String orderingKey, Duration maxWait)
                    throws InterruptedException {
                return route(providerName, event, orderingKey, System.nanoTime() + maxWait.toNanos());
            }

            @Override
            public List<Acknowledgement> tryPublishAll(List<CloudEvent> events, String orderingKey, Duration maxWait)
                    throws InterruptedException {
                return routeAll(providerName, events, orderingKey, System.nanoTime() + maxWait.toNanos());
            }

            @Override
            public void recordError() {
                observer.providerError(providerName);
            }
        };
    }

    private Optional<Acknowledgement> route(String provider, CloudEvent event, String orderingKey, long deadline)
            throws InterruptedException {
        Placement placement = place(provider, event, orderingKey, deadline);
        if (placement == null) {
            return Optional.empty();
        }
        placement.targets().forEach(target -> target.enqueue(placement.event()));
        return Optional.of(placement.event());
    }

    /**
     * Several events of one key, queued in one step per route once room is reserved for them, so that a route whose
     * processor batches takes them together. When there is no room for the next event, those before it are queued
     * first (they may be what has to drain) before waiting for room until {@code deadline}.
     */
    private List<Acknowledgement> routeAll(String provider, List<CloudEvent> events, String orderingKey,
                                           long deadline) throws InterruptedException {
        List<Acknowledgement> accepted = new ArrayList<>(events.size());
        List<Placement> unqueued = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            Placement placement = place(provider, event, orderingKey, System.nanoTime());
            if (placement == null) {
                enqueueAll(unqueued);
                unqueued.clear();
                placement = place(provider, event, orderingKey, deadline);
                if (placement == null) {
                    break;
                }
            }
            unqueued.add(placement);
            accepted.add(placement.event());
        }
        enqueueAll(unqueued);
        return accepted;
    }

    private void enqueueAll(List<Placement> placements) {
        if (placements.isEmpty()) {
            return;
        }
        for (Dispatcher dispatcher : dispatchers) {
            List<TrackedEvent> mine = new ArrayList<>(placements.size());
            for (Placement placement : placements) {
                if (placement.targets().contains(dispatcher)) {
                    mine.add(placement.event());
                }
            }
            if (!mine.isEmpty()) {
                dispatcher.enqueueAll(mine);
            }
        }
    }

    /** An event with room reserved on each route it goes to, not queued yet. */
    private record Placement(TrackedEvent event, List<Dispatcher> targets) {
    }

    /**
     * Filters the event, reserves room on every route that takes it (waiting until {@code deadline}) and tells the
     * observers; {@code null} when there was no room in time or the router is closed.
     */
    private Placement place(String provider, CloudEvent event, String orderingKey, long deadline)
            throws InterruptedException {
        if (closed) {
            return null;
        }
        long bytes = sizeOf(event);
        long number = sequence.incrementAndGet();
        String key = orderingKey != null ? orderingKey : "#" + number;
        TrackedEvent tracked = new TrackedEvent(number, event, provider, key, bytes, clock.instant());
        List<Dispatcher> targets = new ArrayList<>(dispatchers.size());
        List<Dispatcher> declining = new ArrayList<>(0);
        for (Dispatcher dispatcher : dispatchers) {
            switch (accepts(dispatcher.route(), event)) {
                case ACCEPTED -> targets.add(dispatcher);
                case DECLINED -> declining.add(dispatcher);
                case FILTERED_OUT -> { }
            }
        }
        List<Dispatcher> reserved = new ArrayList<>(targets.size());
        for (Dispatcher target : targets) {
            if (!target.reserve(bytes, deadline)) {
                reserved.forEach(d -> d.cancelReservation(bytes));
                return null;
            }
            reserved.add(target);
        }
        observer.received(tracked);
        for (Dispatcher dispatcher : dispatchers) {
            if (declining.contains(dispatcher)) {
                observer.declined(dispatcher.route().name(), tracked);
            } else if (!targets.contains(dispatcher)) {
                observer.filteredOut(dispatcher.route().name(), tracked);
            }
        }
        tracked.expect(targets.size());
        return new Placement(tracked, targets);
    }

    private enum Acceptance { ACCEPTED, FILTERED_OUT, DECLINED }

    private static Acceptance accepts(Route route, CloudEvent event) {
        try {
            if (!route.filter().matches(event)) {
                return Acceptance.FILTERED_OUT;
            }
            return route.processor().wants(event) ? Acceptance.ACCEPTED : Acceptance.DECLINED;
        } catch (RuntimeException e) {
            LOG.warn("filter of {} failed on event {}: {}; not delivering it there", route.name(), event.getId(),
                    e.toString());
            return Acceptance.FILTERED_OUT;
        }
    }

    private static long sizeOf(CloudEvent event) {
        return EVENT_OVERHEAD_BYTES + (event.getData() == null ? 0 : event.getData().toBytes().length);
    }

    /** Live figures of each route, for metrics. */
    public List<RouteStatus> status() {
        var now = clock.instant();
        return dispatchers.stream().map(d -> new RouteStatus(d.route().name(), d.depth(), d.queuedBytes(), d.inFlight(),
                d.oldestUnacknowledgedAge(now))).toList();
    }

    /** Routes in configuration order. */
    public List<Route> routes() {
        return dispatchers.stream().map(Dispatcher::route).toList();
    }

    /**
     * Stops: no more publishing; attempts in flight may finish within {@code grace}; everything else stays
     * un-acknowledged so that providers replay it after a restart.
     */
    public void close(Duration grace) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Dispatcher dispatcher : dispatchers) {
            dispatcher.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(5));
    }

    public record RouteStatus(String name, int depth, long queuedBytes, int inFlight, Duration oldestUnacknowledged) {
    }
}
