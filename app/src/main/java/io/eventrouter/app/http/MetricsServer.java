package io.eventrouter.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.Addresses;
import io.eventrouter.config.file.MetricsSettings;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.health.Holders;
import io.eventrouter.health.ProcessorHealth;
import io.eventrouter.http.server.BasicAuthCheck;
import io.eventrouter.http.server.HttpCall;
import io.eventrouter.http.server.HttpEndpoint;
import io.eventrouter.http.server.HttpRoute;
import io.eventrouter.metrics.VebaStats;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics server: {@code /stats} (the original's JSON), {@code /metrics} (Prometheus), {@code /healthz}
 * (alive) and {@code /readyz} (every provider connected or listening, or standing by while another replica runs it;
 * with high availability it names this replica and, per shared provider, where it is active, and each replica's
 * share). Basic auth, when configured, guards everything but the probes (unless {@code authenticateProbes}).
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private static final ObjectWriter STATS_JSON = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private final HttpEndpoint server;
    private final BasicAuthCheck auth;
    private final boolean authenticateProbes;
    private final String bindHost;
    /** The endpoints named in the start-up log line (others, e.g. the viewer's assets, are not listed). */
    private final List<String> announced = new ArrayList<>(List.of("/stats", "/metrics", "/healthz", "/readyz"));

    public MetricsServer(MetricsSettings settings, VebaStats stats, PrometheusMeterRegistry prometheus,
                         HealthRegistry health) throws IOException, GeneralSecurityException {
        this(settings, stats, prometheus, health, new ProcessorHealth(java.time.Clock.systemUTC()));
    }

    /** @param delivery whether each processor delivers: shown in {@code /readyz} */
    public MetricsServer(MetricsSettings settings, VebaStats stats, PrometheusMeterRegistry prometheus,
                         HealthRegistry health, ProcessorHealth delivery) throws IOException, GeneralSecurityException {
        InetSocketAddress bind = Addresses.parseBindAddress(settings.bindAddress());
        this.bindHost = bind.getHostString();
        this.server = HttpEndpoint.create("metrics", bind, settings.tls());
        this.auth = settings.auth() == null ? null : new BasicAuthCheck(settings.auth());
        this.authenticateProbes = settings.authenticateProbes();
        if (auth == null) {
            LOG.warn("metrics server: no auth configured, disabling basic auth");
        }
        server.route("/stats", call -> stats(call, stats));
        route("/metrics", true, call -> call.reply(200, "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(StandardCharsets.UTF_8)));
        route("/healthz", authenticateProbes, call -> call.replyText(200, "ok"));
        boolean readinessRequiresDelivery = settings.readinessRequiresDelivery();
        route("/readyz", authenticateProbes, call -> readiness(call, health, delivery, readinessRequiresDelivery));
    }

    /** Adds a GET endpoint; {@code guarded} endpoints need the basic auth when it is configured. */
    public void route(String path, boolean guarded, HttpRoute handler) {
        server.route(path, call -> {
            if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
                call.setHeader("Allow", "GET, HEAD");
                call.replyText(405, "method not allowed");
                return;
            }
            if (guarded && auth != null && !auth.allows(call)) {
                BasicAuthCheck.challenge(call);
                return;
            }
            handler.handle(call);
        });
    }

    /**
     * {@code /stats} answers as the original's (Go's expvar behind its basic auth): any method, the challenge with
     * realm {@code Restricted} on every answer when auth is configured, JSON with its charset.
     */
    private void stats(HttpCall call, VebaStats stats) throws IOException {
        if (auth != null) {
            call.setHeader("WWW-Authenticate", "Basic realm=\"Restricted\"");
            if (!auth.allows(call)) {
                call.reply(401, "text/plain; charset=utf-8", "invalid credentials".getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        call.reply(200, "application/json; charset=utf-8", STATS_JSON.writeValueAsBytes(stats.render()));
    }

    /** Names {@code path} in the start-up log line, for users looking for it (e.g. the viewer's page). */
    public void announce(String path) {
        announced.add(path);
    }

    /** Whether basic auth guards the guarded routes. */
    public boolean authenticates() {
        return auth != null;
    }

    private static void readiness(HttpCall call, HealthRegistry health, ProcessorHealth delivery,
                                  boolean requiresDelivery) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        boolean ready = health.ready() && (!requiresDelivery || delivery.allDelivering());
        body.put("ready", ready);
        health.replica().ifPresent(replica -> body.put("replica", replica));
        ObjectNode providers = body.putObject("providers");
        health.states().forEach((name, state) -> {
            ObjectNode node = providers.putObject(name).put("up", state.up()).put("since", state.since().toString());
            if (!state.reason().isEmpty()) {
                node.put("reason", state.reason());
            }
            // Shared with other replicas: whether it runs here, and where it does.
            health.role(name).ifPresent(role -> node.put("active", role.active()).put("activeOn", role.holder()));
        });
        health.holders().ifPresent(holders -> sharing(body, holders));
        // Whether each destination takes events; it makes the pod unready only with readinessRequiresDelivery.
        ObjectNode processors = body.putObject("processors");
        delivery.states().forEach((name, state) -> {
            ObjectNode node = processors.putObject(name).put("delivering", state.delivering())
                    .put("since", state.since().toString());
            if (!state.delivering()) {
                node.put("reason", state.reason()).put("failedAttempts", state.failedAttempts());
            }
        });
        call.replyJson(ready ? 200 : 503, body);
    }

    /**
     * Each replica with the shared providers it holds, as this replica has learned them, and the shared providers no
     * replica holds.
     */
    private static void sharing(ObjectNode body, Holders holders) {
        ObjectNode replicas = body.putObject("replicas");
        holders.byReplica().forEach((replica, held) -> {
            ObjectNode node = replicas.putObject(replica);
            ArrayNode providers = node.putArray("providers");
            held.forEach(providers::add);
            node.put("count", held.size());
        });
        ArrayNode unheld = body.putArray("unheld");
        holders.unheld().forEach(unheld::add);
    }

    public void start() throws IOException {
        server.start();
        LOG.info("metrics server listening on {}://{} ({})", server.isTls() ? "https" : "http", describeAddress(),
                String.join(", ", announced));
    }

    /** The host name or IP address the server was configured to listen on (known before it starts). */
    public String bindHost() {
        return bindHost;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    private String describeAddress() {
        return server.address().getHostString() + ":" + server.address().getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
