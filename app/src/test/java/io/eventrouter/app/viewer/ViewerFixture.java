package io.eventrouter.app.viewer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.app.http.MetricsServer;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.Secret;
import io.eventrouter.config.file.MetricsSettings;
import io.eventrouter.config.file.ViewerSettings;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.health.ProcessorHealth;
import io.eventrouter.metrics.VebaStats;
import io.eventrouter.routing.CompositeObserver;
import io.eventrouter.routing.Router;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.testing.RecordingProcessor;
import io.eventrouter.testing.RouterHarness;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** A viewer mounted on a real metrics server, fed by a real router that delivers to an in-memory processor. */
final class ViewerFixture implements AutoCloseable {

    static final String USER = "viewer";
    static final String PASSWORD = "viewer-pass";

    final EventViewer viewer;
    final MetricsServer server;
    final Router router;
    final EventProcessor processor;
    private final EventPublisher publisher;

    private ViewerFixture(EventViewer viewer, MetricsServer server, Router router, EventProcessor processor) {
        this.viewer = viewer;
        this.server = server;
        this.router = router;
        this.processor = processor;
        this.publisher = router.publisher("webhook");
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private ViewerSettings settings = ViewerSettings.DEFAULT;
        private boolean auth;
        private int queueCapacity = EventViewer.QUEUE_CAPACITY;
        private EventProcessor processor = new RecordingProcessor();
        private EventFilter filter = EventFilter.ALL;
        private HealthRegistry health = new HealthRegistry(Clock.systemUTC());

        Builder settings(int historySize, int maxDataBytes) {
            settings = new ViewerSettings(true, historySize, maxDataBytes);
            return this;
        }

        Builder auth() {
            auth = true;
            return this;
        }

        Builder queueCapacity(int capacity) {
            queueCapacity = capacity;
            return this;
        }

        Builder processor(EventProcessor processor) {
            this.processor = processor;
            return this;
        }

        /** The route's filter: events it refuses are shown as filtered out. */
        Builder filter(EventFilter filter) {
            this.filter = filter;
            return this;
        }

        /** The providers' health the viewer and the metrics server show, e.g. with shared providers' holders. */
        Builder health(HealthRegistry health) {
            this.health = health;
            return this;
        }

        ViewerFixture start() throws Exception {
            BasicAuth credentials = auth ? new BasicAuth(USER, new Secret(PASSWORD)) : null;
            MetricsSettings metrics = new MetricsSettings("127.0.0.1:0", credentials, false, null, settings);
            ProcessorHealth delivery = new ProcessorHealth(Clock.systemUTC());
            delivery.register("fn");
            EventViewer viewer = new EventViewer(settings, Clock.systemUTC(), delivery, health,
                    EventViewer.MAX_BROWSERS, queueCapacity);
            MetricsServer server = new MetricsServer(metrics, new VebaStats(Clock.systemUTC(), "t", List.of()),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health);
            viewer.mount(server);
            server.start();
            DeliveryPolicy policy = DeliveryPolicy.builder().retry(3).backoffPolicy(BackoffPolicy.LINEAR)
                    .backoffDelay(Duration.ofMillis(20)).backoffMax(Duration.ofMillis(100))
                    .timeout(Duration.ofSeconds(5)).concurrency(4).maxQueuedEvents(20_000).maxQueuedBytes(256L << 20)
                    .build();
            Router router = RouterHarness.to(processor).named("fn", "test").filter(filter).delivery(policy)
                    .observer(new CompositeObserver(List.of(viewer.observer(), delivery))).start().router();
            return new ViewerFixture(viewer, server, router, processor);
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
    }

    Acknowledgement publish(CloudEvent event) throws InterruptedException {
        return publisher.publish(event, null);
    }

    /** Publishes and waits until the router is done with the event. */
    void publishAndWait(CloudEvent event) throws Exception {
        publish(event).done().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    static CloudEvent event(String id, String subject, String data) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("https://vcenter.local/sdk"))
                .withType("com.vmware.event.router/event").withSubject(subject)
                .withTime(OffsetDateTime.parse("2024-05-01T10:15:00Z"))
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8))
                .withExtension("vsphereapiversion", "8.0.2.0").build();
    }

    static CloudEvent event(String id, String subject) {
        return event(id, subject, "{\"Key\":" + id.hashCode() + ",\"Vm\":{\"Name\":\"vm-" + id + "\"}}");
    }

    @Override
    public void close() throws Exception {
        viewer.close();
        router.close(Duration.ofSeconds(2));
        server.close();
    }
}
