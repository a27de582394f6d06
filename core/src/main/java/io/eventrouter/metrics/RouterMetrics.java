package io.eventrouter.metrics;

import io.eventrouter.health.HealthRegistry;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.routing.TrackedEvent;
import io.eventrouter.spi.DeliveryResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for everything the router does, scraped at {@code /metrics} in the Prometheus format:
 * events received, provider errors, deliveries by outcome, retries, latency, queue depth and bytes, oldest
 * unacknowledged age and provider state.
 */
public final class RouterMetrics implements RouterObserver {

    private final MeterRegistry registry;
    private final Clock clock;
    /** Counters by name, then by their tags' values. */
    private final Map<String, Map<List<String>, Counter>> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<String, Timer> rateLimitWaits = new ConcurrentHashMap<>();

    public RouterMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Gauges that read the router's queues and the providers' health when scraped. */
    public void bindGauges(Router router, HealthRegistry health) {
        for (var route : router.routes()) {
            String name = route.name();
            routeGauge(router, "eventrouter.queue.depth", "Events queued or in flight", name, s -> s.depth());
            routeGauge(router, "eventrouter.queue.bytes", "Bytes of queued events", name, s -> s.queuedBytes());
            routeGauge(router, "eventrouter.deliveries.in.flight", "Events being delivered", name, s -> s.inFlight());
            routeGauge(router, "eventrouter.oldest.unacknowledged.seconds",
                    "Age of the oldest event the processor has not finished", name,
                    s -> s.oldestUnacknowledged().toMillis() / 1000.0);
        }
        for (String provider : health.states().keySet()) {
            Gauge.builder("eventrouter.provider.up", health, h -> h.isUp(provider) ? 1 : 0)
                    .description("1 when the provider is connected or listening").tag("provider", provider)
                    .register(registry);
            Gauge.builder("eventrouter.provider.active", health, h -> h.isActive(provider) ? 1 : 0)
                    .description("1 when the provider runs on this replica (0: another replica holds it)")
                    .tag("provider", provider).register(registry);
        }
        health.holders().ifPresent(ignored -> bindReplicaGauges(health));
    }

    /**
     * {@code eventrouter_replica_providers{replica}}: the shared providers each replica holds, as this one sees them.
     * A series per replica heard of; one that no longer holds any is removed, so no series claims that a replica
     * which has gone still reads.
     */
    private void bindReplicaGauges(HealthRegistry health) {
        MultiGauge gauge = MultiGauge.builder("eventrouter.replica.providers")
                .description("Shared providers (vcenter, horizon) the replica holds, as this replica sees it")
                .register(registry);
        Runnable refresh = new Runnable() {
            @Override
            public synchronized void run() {
                // Locked, so that a refresh with an older view cannot overwrite a newer one. Rows left out are removed;
                // rows kept go on reading the registry (no need to overwrite them).
                health.holders().ifPresent(holders -> gauge.register(holders.byReplica().keySet().stream()
                        .<MultiGauge.Row<?>>map(replica -> MultiGauge.Row.of(Tags.of("replica", replica), health,
                                h -> h.holders().map(now -> now.count(replica)).orElse(0)))
                        .toList(), false));
            }
        };
        refresh.run();
        health.onHoldersChanged(refresh);
    }

    private void routeGauge(Router router, String meter, String description, String route,
                            ToDoubleFunction<Router.RouteStatus> value) {
        Gauge.builder(meter, router, r -> r.status().stream().filter(s -> s.name().equals(route)).findFirst()
                        .map(value::applyAsDouble).orElse(0.0))
                .description(description).tag("processor", route).register(registry);
    }

    @Override
    public void received(TrackedEvent event) {
        counter("eventrouter.events.received", "provider", event.provider()).increment();
    }

    @Override
    public void providerError(String provider) {
        counter("eventrouter.provider.errors", "provider", provider).increment();
    }

    @Override
    public void filteredOut(String processor, TrackedEvent event) {
        counter("eventrouter.events.filtered", "processor", processor).increment();
    }

    @Override
    public void retrying(String processor, TrackedEvent event, DeliveryResult result, int attempt, Duration wait) {
        String reason = result.statusCode() == 0 ? "network" : Integer.toString(result.statusCode());
        counter("eventrouter.delivery.retries", "processor", processor, "reason", reason).increment();
    }

    /** Count: events held back; sum: the time they waited, so the delay the limit adds is visible per processor. */
    @Override
    public void rateLimited(String processor, TrackedEvent event, Duration wait) {
        rateLimitWaits.computeIfAbsent(processor, p -> Timer.builder("eventrouter.rate.limit.wait")
                        .description("Time events waited for the processor's delivery.rateLimit")
                        .tag("processor", p).register(registry))
                .record(wait);
    }

    @Override
    public void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
        counter("eventrouter.deliveries", "processor", processor, "outcome", "delivered").increment();
        latencies.computeIfAbsent(processor, p -> Timer.builder("eventrouter.delivery.latency")
                        .description("From the router receiving an event to its delivery")
                        .tag("processor", p).publishPercentileHistogram().register(registry))
                .record(Duration.between(event.receivedAt(), clock.instant()));
    }

    @Override
    public void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
        counter("eventrouter.deliveries", "processor", processor, "outcome", "dead_lettered").increment();
        countPermanent(processor, lastResult);
    }

    @Override
    public void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
        counter("eventrouter.deliveries", "processor", processor, "outcome", "dropped").increment();
        countPermanent(processor, lastResult);
    }

    /** Events that failed in a way no retry could fix (a 4xx, an event the destination can never take). */
    private void countPermanent(String processor, DeliveryResult lastResult) {
        if (lastResult.status() == DeliveryResult.Status.REJECTED) {
            counter("eventrouter.delivery.permanent.failures", "processor", processor).increment();
        }
    }

    /** @param tags names and values, alternating */
    private Counter counter(String name, String... tags) {
        // looked up for every event: without building a key first
        Map<List<String>, Counter> byTags = counters.get(name);
        if (byTags == null) {
            byTags = counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        }
        Counter counter = byTags.get(Arrays.asList(tags));
        if (counter == null) {
            counter = byTags.computeIfAbsent(List.of(tags), k -> Counter.builder(name).tags(tags).register(registry));
        }
        return counter;
    }
}
