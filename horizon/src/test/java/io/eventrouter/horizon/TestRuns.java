package io.eventrouter.horizon;

import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.http.ClientTls;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.testing.RouterHarness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;

/** Starts a provider the way the application does: into a real router with one destination, reporting its health. */
final class TestRuns {

    /** Short waits so that the tests run in milliseconds; pages of 5 so that a few events span several pages. */
    static final HorizonProvider.Tuning FAST = new HorizonProvider.Tuning(Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofMillis(50), 5, 1000);

    private TestRuns() {
    }

    /** A router delivering everything to {@code destination}, retrying quickly. */
    static Router router(EventProcessor destination, RouterObserver observer) {
        DeliveryPolicy delivery = DeliveryPolicy.builder().backoffDelay(Duration.ofMillis(10))
                .backoffMax(Duration.ofMillis(50)).build();
        return RouterHarness.to(destination).named("destination", "test").delivery(delivery).observer(observer).start()
                .router();
    }

    static HorizonProvider start(HorizonConfig config, HorizonProvider.Tuning tuning, Router router,
                                 HealthRegistry health, ClientTls tls) {
        return start(config, tuning, router, health, tls, new SimpleMeterRegistry());
    }

    /** Reporting to {@code meters}, for tests that read them. */
    static HorizonProvider start(HorizonConfig config, HorizonProvider.Tuning tuning, Router router,
                                 HealthRegistry health, ClientTls tls, MeterRegistry meters) {
        HorizonProvider provider = new HorizonProvider(config, tuning);
        provider.start(new ProviderEnvironment("horizon", router.publisher("horizon"), health.register("horizon"),
                tls, meters, Clock.systemUTC(), FileCheckpointStore::new));
        return provider;
    }
}
