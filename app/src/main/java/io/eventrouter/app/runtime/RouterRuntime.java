package io.eventrouter.app.runtime;

import io.eventrouter.app.http.MetricsServer;
import io.eventrouter.app.viewer.EventViewer;
import io.eventrouter.checkpoint.CheckpointClaims;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.config.RetryRules;
import io.eventrouter.config.file.ConfigFormat;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.eventrouter.config.file.ProcessorSection;
import io.eventrouter.config.file.ProviderSection;
import io.eventrouter.config.file.RouterPlan;
import io.eventrouter.extensions.AttributePromoter;
import io.eventrouter.extensions.PromotingProcessor;
import io.eventrouter.extensions.PromotingPublisher;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.CoordinatorFactory;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.health.ProcessorHealth;
import io.eventrouter.http.ClientTls;
import io.eventrouter.metrics.RouterMetrics;
import io.eventrouter.metrics.VebaStats;
import io.eventrouter.routing.CompositeObserver;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.AddressResolver;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.spi.ProviderEnvironment;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds and runs the router from a {@link RouterPlan}: processors and their routes, the router, the metrics server,
 * then the providers. Stops in the reverse order: providers stop reading, in-flight deliveries get a bounded time,
 * everything not delivered stays un-acknowledged so it is replayed after a restart.
 */
public final class RouterRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouterRuntime.class);
    /** The part of the shutdown grace kept for deliveries in flight after the providers drained (at most a fifth). */
    private static final Duration DRAIN_RESERVE = Duration.ofSeconds(2);

    private final RouterPlan plan;
    private final Clock clock;
    private final HealthRegistry health;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final VebaStats stats;
    /** Whether each processor delivers: logged, in /readyz and the viewer. */
    private final ProcessorHealth processorHealth;
    private final CompositeObserver observers;
    private final List<EventProvider> providers = new ArrayList<>();
    private final List<String> providerNames = new ArrayList<>();
    private final List<EventProcessor> processors = new ArrayList<>();
    private final List<AutoCloseable> deadLetters = new ArrayList<>();
    private final AddressResolver addresses;
    private final EventViewer viewer;
    /** Every provider keeps its own position; two must not write the same file. */
    private final CheckpointClaims checkpointClaims = new CheckpointClaims();
    private Router router;
    private MetricsServer metricsServer;
    private ClientTls tls;
    private boolean stopped;
    /** Shares the pulling providers with other replicas; {@code null} without highAvailability. */
    private Coordinator coordinator;
    /** Makes {@link #coordinator}; {@code null}: the one on the class path (the kubernetes module's). */
    private CoordinatorFactory coordinators;

    public RouterRuntime(RouterPlan plan, Clock clock, List<String> commandLine) {
        this(plan, clock, commandLine, AddressResolver.load());
    }

    /** @param addresses resolves destinations given as a Kubernetes {@code ref}; closed by {@link #stop} */
    public RouterRuntime(RouterPlan plan, Clock clock, List<String> commandLine, AddressResolver addresses) {
        this.plan = plan;
        this.addresses = addresses;
        this.clock = clock;
        this.health = new HealthRegistry(clock);
        this.stats = new VebaStats(clock, commandLine.isEmpty() ? "event-router" : commandLine.getFirst(), commandLine);
        this.processorHealth = new ProcessorHealth(clock);
        this.observers = new CompositeObserver(List.of(new RouterMetrics(meters, clock), stats, processorHealth));
        this.viewer = plan.metrics().viewer().enabled()
                ? new EventViewer(plan.metrics().viewer(), clock, processorHealth, health) : null;
        if (viewer != null) {
            observe(viewer.observer());
        }
    }

    /** Adds an observer (e.g. the live viewer) before {@link #start()}. */
    public void observe(RouterObserver observer) {
        observers.add(observer);
    }

    /** With highAvailability, shares the providers through {@code factory}'s coordinator (before {@link #start()}). */
    public void coordinateWith(CoordinatorFactory factory) {
        this.coordinators = factory;
    }

    /** Starts everything; throws if a part cannot start at all (e.g. a port is taken). */
    public void start() throws Exception {
        tls = ClientTls.withRootCAs(plan.rootCAs());
        List<Route> routes = new ArrayList<>();
        for (ProcessorSection section : plan.processors()) {
            routes.add(route(section));
        }
        router = new Router(routes, observers, clock, null);
        if (plan.highlyAvailable()) {
            coordinator = (coordinators != null ? coordinators : CoordinatorFactory.load())
                    .create(plan.highAvailability());
            health.replica(coordinator.identity());
        }
        List<EventProvider> created = new ArrayList<>();
        List<ProviderEnvironment> environments = new ArrayList<>();
        for (ProviderSection section : plan.providers()) {
            String name = section.displayName();
            boolean elected = coordinator != null && section.factory().singleActive();
            EventProvider provider = elected
                    ? new ElectedProvider(name, () -> createProvider(section), coordinator, health)
                    : createProvider(section);
            created.add(provider);
            environments.add(new ProviderEnvironment(name, publisher(section, name), health.register(name), tls, meters,
                    clock, elected ? sharedCheckpoints(name) : dir -> checkpointClaims.store(name, dir,
                    new FileCheckpointStore(dir)), plan.format() != ConfigFormat.V1));
            stats.registerProvider(name, plan.statsKey(section), provider.statsAddress());
        }
        new RouterMetrics(meters, clock).bindGauges(router, health);
        bindJvmMetrics();
        metricsServer = new MetricsServer(plan.metrics(), stats, meters, health, processorHealth);
        if (viewer != null) {
            viewer.mount(metricsServer);
        }
        metricsServer.start();
        for (int i = 0; i < created.size(); i++) {
            EventProvider provider = created.get(i);
            provider.start(environments.get(i));
            providers.add(provider);
            providerNames.add(environments.get(i).name());
            if (provider instanceof ElectedProvider) {
                LOG.info("provider {} runs on one replica at a time: {}", environments.get(i).name(),
                        provider.describe());
            } else {
                LOG.info("provider {} started: {}", environments.get(i).name(), provider.describe());
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Route route(ProcessorSection section) throws Exception {
        String name = section.displayName();
        EventProcessorFactory factory = section.factory();
        var delivery = section.effectiveDelivery();
        EventProcessor processor = factory.create(section.settings(),
                new ProcessorEnvironment(name, tls, meters, clock, addresses,
                        delivery.retryRules() == RetryRules.ORIGINAL));
        processors.add(processor);
        EventFilter filter = section.filter();
        if (section.extensions() != null) {
            PromotingProcessor promoting = new PromotingProcessor(processor, new AttributePromoter(section.extensions()));
            filter = promoting.filter(filter);
            processor = promoting;
        }
        var deadLetter = DeadLetters.create(delivery, name, tls, addresses);
        if (deadLetter != null) {
            deadLetters.add(deadLetter);
        }
        processorHealth.register(name);
        stats.registerProcessor(name, plan.statsKey(section), processor.statsAddress(),
                processor.statsListDeclinedSubjects());
        LOG.info("processor {} ({}) delivers to {}; retry {} ({} rules), {} backoff from {}, timeout {}, "
                        + "dead letters: {}", name, section.type(), processor.describe(), delivery.retry(),
                delivery.retryRules().wireName(), delivery.backoffPolicy().wireName(), delivery.backoffDelay(),
                delivery.timeout(), deadLetter == null ? "none (logged and dropped)" : deadLetter.describe());
        return new Route(name, section.type(), filter, processor, delivery, deadLetter);
    }

    /** The router's publisher for the provider, promoting its {@code extensions} when it has some. */
    private EventPublisher publisher(ProviderSection section, String name) {
        EventPublisher publisher = router.publisher(name);
        return section.extensions() == null ? publisher
                : new PromotingPublisher(publisher, new AttributePromoter(section.extensions()));
    }

    /**
     * Checkpoints every replica sees: a ConfigMap per provider (nothing to claim), or files on a shared volume,
     * claimed as local files are.
     */
    private Function<Path, CheckpointStore> sharedCheckpoints(String name) {
        if (plan.highAvailability().checkpoints() == CheckpointSharing.DIRECTORY) {
            return dir -> checkpointClaims.store(name, dir, coordinator.checkpointStore(name, dir));
        }
        return dir -> new SpacedCheckpointStore(coordinator.checkpointStore(name, dir),
                plan.highAvailability().checkpointInterval());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static EventProvider createProvider(ProviderSection section) throws Exception {
        EventProviderFactory factory = section.factory();
        return factory.create(section.settings());
    }

    private void bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
    }

    public MetricsServer metricsServer() {
        return metricsServer;
    }

    public List<EventProvider> providers() {
        return List.copyOf(providers);
    }

    /** The started providers' names, in the order of {@link #providers()}. */
    public List<String> providerNames() {
        return List.copyOf(providerNames);
    }

    public HealthRegistry health() {
        return health;
    }

    public Router router() {
        return router;
    }

    /**
     * Stops within about {@code grace}: providers first, then deliveries, then the endpoints. Later calls (e.g. a
     * command's own and its shutdown hook's) wait for the first one and return.
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("shutting down (grace {})", grace);
        long start = System.nanoTime();
        drainProviders(grace);
        Duration left = grace.minusNanos(System.nanoTime() - start);
        // all at once too: each writes its last checkpoint and releases its Lease, so a stopping replica hands its
        // providers over together rather than one after another (platform threads: a close blocks in monitors)
        forEachProviderAtOnce(Thread.ofPlatform().daemon().name("close"), provider -> {
            try {
                provider.close();
            } catch (RuntimeException e) {
                LOG.warn("provider {} did not close cleanly: {}", provider.describe(), e.toString());
            }
        });
        if (router != null) {
            try {
                router.close(left.isNegative() ? Duration.ZERO : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (EventProcessor processor : processors) {
            try {
                processor.close();
            } catch (RuntimeException e) {
                LOG.warn("processor {} did not close cleanly: {}", processor.describe(), e.toString());
            }
        }
        for (AutoCloseable deadLetter : deadLetters) {
            try {
                deadLetter.close();
            } catch (Exception e) {
                LOG.warn("dead-letter sink did not close cleanly: {}", e.toString());
            }
        }
        addresses.close();
        if (coordinator != null) {
            coordinator.close();
        }
        if (viewer != null) {
            viewer.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        LOG.info("stopped");
    }

    /**
     * Lets every provider finish what it accepted (the webhook's journal) for most of the grace, keeping a part of it
     * for the deliveries still in flight afterwards.
     */
    private void drainProviders(Duration grace) {
        Duration reserve = grace.dividedBy(5).compareTo(DRAIN_RESERVE) < 0 ? grace.dividedBy(5) : DRAIN_RESERVE;
        Instant deadline = Instant.now().plus(grace.minus(reserve));
        // all at once: each webhook stops taking posts at the same moment, and they share the deadline
        forEachProviderAtOnce(Thread.ofVirtual().name("drain"), provider -> {
            try {
                provider.drain(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("provider {} could not drain: {}", provider.describe(), e.toString());
            }
        });
    }

    /** Runs {@code task} for every provider, each on a thread of its own from {@code threads}, and waits for all. */
    private void forEachProviderAtOnce(Thread.Builder threads, Consumer<EventProvider> task) {
        List<Thread> running = providers.stream().map(provider -> threads.start(() -> task.accept(provider)))
                .toList();
        try {
            for (Thread thread : running) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
