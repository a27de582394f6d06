package io.eventrouter.webhook;

import io.eventrouter.config.Addresses;
import io.eventrouter.config.JournalSettings;
import io.eventrouter.http.server.HttpEndpoint;
import io.eventrouter.journal.Journal;
import io.eventrouter.journal.JournalPump;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Listens for CloudEvents on {@code bindAddress} + {@code path}. A push source: it cannot replay. */
public final class WebhookProvider implements EventProvider {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProvider.class);
    /** How often a drain looks whether the journal is empty (a poll: the journal's acknowledgements have no signal). */
    private static final Duration DRAIN_CHECK = Duration.ofMillis(50);

    private final WebhookConfig config;
    private final String path;
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private final ScheduledThreadPoolExecutor deliveryWaits = deliveryWaitTimer();
    private HttpEndpoint endpoint;
    private Journal journal;
    private JournalPump pump;
    private WebhookHandler handler;
    private ProviderContext context;

    public WebhookProvider(WebhookConfig config) {
        this.config = config;
        this.path = WebhookPath.normalize(config.path());
    }

    @Override
    public void start(ProviderContext context) throws Exception {
        this.context = context;
        if (config.journal() != null) {
            JournalSettings settings = config.journal();
            journal = Journal.open(settings.directory(), settings.maxBytes(), settings.segmentBytes());
            pump = new JournalPump(journal, context.publisher());
            pump.start(context.name());
        }
        endpoint = HttpEndpoint.create("webhook", Addresses.parseBindAddress(config.bindAddress()), config.tls())
                .route(path, handler = new WebhookHandler(config, context.publisher(), journal, closing,
                        deliveryWaits));
        endpoint.start();
        if (config.auth() == null) {
            LOG.warn("webhook {}: no auth configured, disabling basic auth", path);
        }
        LOG.info("webhook listening on {}:{}{}", address().getHostString(), address().getPort(), path);
        context.health().up();
    }

    /** One daemon thread that ends waits for deliveries; a wait that ended first leaves no task behind. */
    private static ScheduledThreadPoolExecutor deliveryWaitTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("webhook-delivery-wait").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** The address actually bound (the port differs from the configured one when it was 0). */
    public InetSocketAddress address() {
        return endpoint.address();
    }

    @Override
    public String describe() {
        return (config.tls() == null ? "http://" : "https://") + config.bindAddress() + path;
    }

    /** The bind address, as the original wrote it. */
    @Override
    public String statsAddress() {
        return config.bindAddress();
    }

    /**
     * Stops taking posts (503, and {@code /readyz} 503 so the Service sends them to other replicas), then waits until
     * the posts in progress are answered and the journal holds nothing undelivered, or the deadline comes. What is
     * left stays in the journal: the next process started on its directory delivers it.
     */
    @Override
    public void drain(Instant deadline) throws InterruptedException {
        if (handler == null) {
            return;
        }
        context.health().down("shutting down: taking no new events");
        handler.stopAccepting();
        long before = journal == null ? 0 : journal.pending();
        long started = System.nanoTime();
        LOG.info("webhook {}: shutting down, taking no new events; delivering {} accepted events and {} posts in "
                + "progress until {}", path, before, handler.inFlight(), deadline);
        while (!drained() && Instant.now().isBefore(deadline)) {
            Thread.sleep(DRAIN_CHECK.toMillis());
        }
        long left = journal == null ? 0 : journal.pending();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (left == 0 && handler.inFlight() == 0) {
            LOG.info("webhook {}: drained in {} ms: {} accepted events delivered, none left", path, took.toMillis(),
                    before);
        } else if (journal != null) {
            LOG.warn("webhook {}: shutdown deadline reached after {} ms: {} accepted events delivered, {} left in the "
                    + "journal {} for the next start on it", path, took.toMillis(), Math.max(0, before - left), left,
                    journal.directory());
        } else {
            LOG.warn("webhook {}: shutdown deadline reached after {} ms with {} posts not answered yet (their senders "
                    + "get 503 and send again)", path, took.toMillis(), handler.inFlight());
        }
    }

    private boolean drained() {
        return handler.inFlight() == 0 && (journal == null || journal.pending() == 0);
    }

    @Override
    public void close() {
        closing.complete(null);
        if (endpoint != null) {
            endpoint.close();
        }
        deliveryWaits.shutdownNow();
        if (pump != null) {
            pump.close();
        }
        if (journal != null) {
            journal.close();
        }
    }
}
