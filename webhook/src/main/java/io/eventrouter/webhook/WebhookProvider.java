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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Listens for CloudEvents on {@code bindAddress} + {@code path}. A push source: it cannot replay. */
public final class WebhookProvider implements EventProvider {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProvider.class);

    private final WebhookConfig config;
    private final String path;
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private final ScheduledThreadPoolExecutor deliveryWaits = deliveryWaitTimer();
    private HttpEndpoint endpoint;
    private Journal journal;
    private JournalPump pump;

    public WebhookProvider(WebhookConfig config) {
        this.config = config;
        this.path = WebhookPath.normalize(config.path());
    }

    @Override
    public void start(ProviderContext context) throws Exception {
        if (config.journal() != null) {
            JournalSettings settings = config.journal();
            journal = Journal.open(settings.directory(), settings.maxBytes(), settings.segmentBytes());
            pump = new JournalPump(journal, context.publisher());
            pump.start(context.name());
        }
        endpoint = HttpEndpoint.create("webhook", Addresses.parseBindAddress(config.bindAddress()), config.tls())
                .route(path, new WebhookHandler(config, context.publisher(), journal, closing, deliveryWaits));
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
