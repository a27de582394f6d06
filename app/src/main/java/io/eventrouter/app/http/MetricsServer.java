package io.eventrouter.app.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.eventrouter.config.Addresses;
import io.eventrouter.config.file.MetricsSettings;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.http.BasicAuthCheck;
import io.eventrouter.http.HttpServers;
import io.eventrouter.http.Replies;
import io.eventrouter.metrics.VebaStats;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The metrics server: {@code /stats} (the original's JSON), {@code /metrics} (Prometheus), {@code /healthz}
 * (alive) and {@code /readyz} (every provider connected or listening). Basic auth, when configured, guards
 * everything but the probes (unless {@code authenticateProbes}).
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final BasicAuthCheck auth;
    private final boolean authenticateProbes;

    public MetricsServer(MetricsSettings settings, VebaStats stats, PrometheusMeterRegistry prometheus,
                         HealthRegistry health) throws IOException {
        this.server = HttpServers.bind(Addresses.parseBindAddress(settings.bindAddress()));
        this.auth = settings.auth() == null ? null : new BasicAuthCheck(settings.auth().basicAuth());
        this.authenticateProbes = settings.authenticateProbes();
        if (auth == null) {
            LOG.warn("metrics server: no auth configured, disabling basic auth");
        }
        route("/stats", true, exchange -> Replies.json(exchange, 200, stats.render()));
        route("/metrics", true, exchange -> Replies.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(StandardCharsets.UTF_8)));
        route("/healthz", authenticateProbes, exchange -> Replies.text(exchange, 200, "ok"));
        route("/readyz", authenticateProbes, exchange -> readiness(exchange, health));
    }

    /** Adds a GET endpoint; {@code guarded} endpoints need the basic auth when it is configured. */
    public void route(String path, boolean guarded, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals(path) && !path.endsWith("/")) {
                    Replies.text(exchange, 404, "not found");
                    return;
                }
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    Replies.text(exchange, 405, "method not allowed");
                    return;
                }
                if (guarded && auth != null && !auth.allows(exchange)) {
                    BasicAuthCheck.challenge(exchange);
                    return;
                }
                handler.handle(exchange);
            }
        });
    }

    private static void readiness(HttpExchange exchange, HealthRegistry health) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        boolean ready = health.ready();
        body.put("ready", ready);
        ObjectNode providers = body.putObject("providers");
        health.states().forEach((name, state) -> {
            ObjectNode node = providers.putObject(name).put("up", state.up()).put("since", state.since().toString());
            if (!state.reason().isEmpty()) {
                node.put("reason", state.reason());
            }
        });
        Replies.json(exchange, ready ? 200 : 503, body);
    }

    public void start() {
        server.start();
        LOG.info("metrics server listening on {} (/stats, /metrics, /healthz, /readyz)", describeAddress());
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private String describeAddress() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
