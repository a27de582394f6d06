package io.eventrouter.webhook;

import com.sun.net.httpserver.HttpServer;
import io.eventrouter.config.Addresses;
import io.eventrouter.http.HttpServers;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Listens for CloudEvents on {@code bindAddress} + {@code path}. A push source: it cannot replay. */
public final class WebhookProvider implements EventProvider {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProvider.class);

    private final WebhookConfig config;
    private final String path;
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private HttpServer server;

    public WebhookProvider(WebhookConfig config) {
        this.config = config;
        this.path = WebhookPath.normalize(config.path());
    }

    @Override
    public void start(ProviderContext context) throws Exception {
        WebhookHandler handler = new WebhookHandler(config, context.publisher(), closing);
        server = HttpServers.bind(Addresses.parseBindAddress(config.bindAddress()));
        server.createContext(path, exchange -> {
            // createContext matches by prefix; only the exact path is ours
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            handler.handle(exchange);
        });
        server.start();
        if (config.auth() == null) {
            LOG.warn("webhook {}: no auth configured, disabling basic auth", path);
        }
        LOG.info("webhook listening on {}{}", describeAddress(), path);
        context.health().up();
    }

    /** The address actually bound (the port differs from the configured one when it was 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private String describeAddress() {
        InetSocketAddress address = server.getAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public String describe() {
        return "http://" + config.bindAddress() + path;
    }

    @Override
    public void close() {
        closing.complete(null);
        if (server != null) {
            server.stop(1);
        }
    }
}
