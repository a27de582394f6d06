package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.Secret;
import io.eventrouter.http.ClientTls;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.spi.ProviderHealth;
import io.eventrouter.testing.RouterHarness;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A vCenter provider (or replay) wired to a real router ({@link RouterHarness}) whose only route delivers to an
 * in-test processor that collects events; health reports and SOAP request counts are recorded for the assertions.
 */
final class ProviderHarness implements AutoCloseable {

    /** Collects what it is given; answers with {@code behaviour} (delivered by default). */
    static final class CollectingProcessor implements EventProcessor {
        final List<CloudEvent> delivered = new CopyOnWriteArrayList<>();
        final List<CloudEvent> attempts = new CopyOnWriteArrayList<>();
        volatile Function<CloudEvent, DeliveryResult> behaviour = event -> DeliveryResult.delivered(200);

        @Override
        public DeliveryResult deliver(CloudEvent event, Duration timeout) {
            attempts.add(event);
            DeliveryResult result = behaviour.apply(event);
            if (result.isDelivered()) {
                delivered.add(event);
            }
            return result;
        }

        @Override
        public String describe() {
            return "collector";
        }
    }

    /** Every up/down report, in order. */
    static final class RecordingHealth implements ProviderHealth {
        final List<String> reports = new CopyOnWriteArrayList<>();
        volatile boolean up;

        @Override
        public void up() {
            up = true;
            reports.add("up");
        }

        @Override
        public void down(String reason) {
            up = false;
            reports.add("down: " + reason);
        }

        long downs() {
            return reports.stream().filter(report -> report.startsWith("down")).count();
        }
    }

    static final DeliveryPolicy FAST_DELIVERY = DeliveryPolicy.builder().retry(3)
            .backoffPolicy(BackoffPolicy.EXPONENTIAL).backoffDelay(Duration.ofMillis(10))
            .backoffMax(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5)).concurrency(4).maxQueuedEvents(10_000)
            .maxQueuedBytes(64L * 1024 * 1024).build();

    final CollectingProcessor processor = new CollectingProcessor();
    final RecordingHealth health = new RecordingHealth();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicInteger providerErrors = new AtomicInteger();
    final RouterHarness router;
    final EventProvider provider;

    ProviderHarness(VCenterConfig config, ClientTls tls) throws Exception {
        this(new VCenterProvider(config), tls);
    }

    /** Any provider (e.g. a replay) wired the same way. */
    ProviderHarness(EventProvider provider, ClientTls tls) throws Exception {
        this(provider, tls, FileCheckpointStore::new);
    }

    /** With checkpoint stores of the test's own, e.g. one that fails for a while. */
    ProviderHarness(EventProvider provider, ClientTls tls, Function<Path, CheckpointStore> stores) throws Exception {
        router = RouterHarness.to(processor).named("collector", "test").delivery(FAST_DELIVERY)
                .observer(new RouterObserver() {
                    @Override
                    public void providerError(String provider) {
                        providerErrors.incrementAndGet();
                    }
                }).closeGrace(Duration.ofSeconds(2)).start();
        this.provider = provider;
        provider.start(new ProviderEnvironment("vcenter", router.publisher("vcenter"), health, tls, meters,
                Clock.systemUTC(), stores));
    }

    ProviderHarness(VCenterConfig config) throws Exception {
        this(config, ClientTls.systemDefault());
    }

    /** SOAP requests of {@code method} sent so far. */
    double requests(String method) {
        var counter = meters.find("eventrouter.vcenter.requests").tag("method", method).counter();
        return counter == null ? 0 : counter.count();
    }

    List<Integer> deliveredKeys() {
        return processor.delivered.stream().map(ProviderHarness::key).toList();
    }

    static int key(CloudEvent event) {
        String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        int start = data.indexOf("\"Key\":") + 6;
        int end = start;
        while (Character.isDigit(data.charAt(end)) || data.charAt(end) == '-') {
            end++;
        }
        return Integer.parseInt(data.substring(start, end));
    }

    /** Provider first (no more publishing, final checkpoint), then the router. */
    @Override
    public void close() {
        provider.close();
        try {
            router.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A configuration for {@code vcsim} with fast reconnects, to adjust field by field. */
    static Config config(Vcsim vcsim) {
        return new Config(vcsim.sdkUrl(), vcsim.username(), vcsim.password());
    }

    /** A mutable builder for the test's VCenterConfig. */
    static final class Config {
        URI address;
        String user;
        String password;
        boolean insecure = true;
        boolean checkpoint;
        Path checkpointDir = Path.of("checkpoints");
        CloudEventFormat format = CloudEventFormat.ROUTER;
        Duration maxAge = Duration.ofHours(1);
        int pageSize = 1000;
        Duration maxWait = Duration.ofSeconds(30);
        Duration backoffMin = Duration.ofMillis(100);
        Duration backoffMax = Duration.ofMillis(400);
        Duration requestTimeout = Duration.ofSeconds(10);
        Duration stallTimeout = Duration.ofMinutes(1);
        boolean stallAlert;
        List<String> eventTypes = List.of();
        List<String> excludeEventTypes = List.of();
        String thumbprint;
        ProxySettings proxy;

        Config(URI address, String user, String password) {
            this.address = address;
            this.user = user;
            this.password = password;
        }

        Config checkpoints(Path dir) {
            checkpoint = true;
            checkpointDir = dir;
            return this;
        }

        VCenterConfig build() {
            return new VCenterConfig(new VCenterAddress(address), insecure, checkpoint, checkpointDir,
                    new BasicAuth(user, new Secret(password)),
                    format, maxAge, pageSize, maxWait, Duration.ofMinutes(5), backoffMin, backoffMax,
                    requestTimeout, stallTimeout, stallAlert, eventTypes, excludeEventTypes, thumbprint, proxy);
        }
    }
}
