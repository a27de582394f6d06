package io.eventrouter.testing;

import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.retry.Sleeper;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real {@link Router} with one route to a processor under test, for the tests of processors and providers: what
 * they built by hand (route, observer, clock, sleeper) in one place, with the defaults most tests want.
 */
public final class RouterHarness implements AutoCloseable {

    private final Router router;
    private final Duration closeGrace;

    private RouterHarness(Router router, Duration closeGrace) {
        this.router = router;
        this.closeGrace = closeGrace;
    }

    /** A route named {@code test} of type {@code test} to {@code processor}; see {@link Builder} for the rest. */
    public static Builder to(EventProcessor processor) {
        return new Builder(processor);
    }

    public Router router() {
        return router;
    }

    /** The publisher a provider named {@code provider} is given. */
    public EventPublisher publisher(String provider) {
        return router.publisher(provider);
    }

    /** Closes the router, giving attempts in flight the close grace (a second unless the builder said) to finish. */
    @Override
    public void close() throws InterruptedException {
        router.close(closeGrace);
    }

    /** What the route and router are made of; every part has a default. */
    public static final class Builder {
        private final EventProcessor processor;
        private String name = "test";
        private String type = "test";
        private EventFilter filter = EventFilter.ALL;
        private DeliveryPolicy delivery = DeliveryPolicy.defaults();
        private RouterObserver observer = new RouterObserver() {
        };
        private Sleeper sleeper;
        private DeadLetterWriter deadLetters;
        private Duration closeGrace = Duration.ofSeconds(1);

        private Builder(EventProcessor processor) {
            this.processor = processor;
        }

        /** The route's name (as in {@code /stats}) and processor type. */
        public Builder named(String routeName, String processorType) {
            this.name = routeName;
            this.type = processorType;
            return this;
        }

        public Builder filter(EventFilter eventFilter) {
            this.filter = eventFilter;
            return this;
        }

        /** Default: {@link DeliveryPolicy#defaults()}. */
        public Builder delivery(DeliveryPolicy policy) {
            this.delivery = policy;
            return this;
        }

        /** Default: one that ignores every report. */
        public Builder observer(RouterObserver routerObserver) {
            this.observer = routerObserver;
            return this;
        }

        /** Retries follow at once instead of after their backoff (the waits are asked for, not slept). */
        public Builder withoutBackoffWaits() {
            this.sleeper = wait -> {
            };
            return this;
        }

        /** Backoff waits go to {@code recorder} instead of being slept: retry tests see every wait asked for. */
        public Builder sleeper(Sleeper recorder) {
            this.sleeper = recorder;
            return this;
        }

        /** Where events go that failed for good. Default: none (they are logged and dropped). */
        public Builder deadLetters(DeadLetterWriter writer) {
            this.deadLetters = writer;
            return this;
        }

        /** How long {@link #close()} lets attempts in flight finish. Default: one second. */
        public Builder closeGrace(Duration grace) {
            this.closeGrace = grace;
            return this;
        }

        public RouterHarness start() {
            Route route = new Route(name, type, filter, processor, delivery, deadLetters);
            return new RouterHarness(new Router(List.of(route), observer, Clock.systemUTC(), sleeper), closeGrace);
        }
    }
}
