package io.eventrouter.app.viewer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.app.http.MetricsServer;
import io.eventrouter.config.file.ViewerSettings;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.health.Holders;
import io.eventrouter.health.ProcessorHealth;
import io.eventrouter.http.server.HttpCall;
import io.eventrouter.http.server.HttpRoute;
import io.eventrouter.routing.RouterObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The live event viewer: a bounded history of the events the router handles with each processor's outcome, a
 * Server-Sent Events stream of changes, JSON endpoints and the browser page, all served by the metrics server under
 * {@value #PATH} behind its basic auth.
 *
 * <p>Each browser gets its own bounded queue and is written to by its own request thread; a browser that reads too
 * slowly loses messages (and is resynchronised from the history), never slows the router.
 */
public final class EventViewer implements AutoCloseable {

    public static final String PATH = "/events";
    /** Browsers connected at once; more get 503 (each costs a thread and a queue). */
    static final int MAX_BROWSERS = 32;
    /** Messages waiting for one browser; references only, so the memory is small and bounded. */
    static final int QUEUE_CAPACITY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(EventViewer.class);

    private final EventHistory history;
    private final boolean allowUnauthenticatedRemote;
    private final ProcessorHealth delivery;
    /** Who holds each shared provider (high availability); {@code null} shows none. */
    private final HealthRegistry providers;
    private final TypeCounts counts = new TypeCounts();
    private final ViewerHub hub;
    private final ViewerObserver observer;
    private final ViewerAssets assets = new ViewerAssets();
    private final QueryThreads queries = new QueryThreads();
    private final List<String> allowedHosts;
    /** Tells this run's event ids from an earlier run's (the router numbers events from 1 at each start). */
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    public EventViewer(ViewerSettings settings, Clock clock) {
        this(settings, clock, new ProcessorHealth(clock));
    }

    /** @param delivery whether each processor delivers, shown beside the counts */
    public EventViewer(ViewerSettings settings, Clock clock, ProcessorHealth delivery) {
        this(settings, clock, delivery, null);
    }

    /** @param providers the providers' health: with high availability, which replica holds each shared provider */
    public EventViewer(ViewerSettings settings, Clock clock, ProcessorHealth delivery, HealthRegistry providers) {
        this(settings, clock, delivery, providers, MAX_BROWSERS, QUEUE_CAPACITY);
    }

    EventViewer(ViewerSettings settings, Clock clock, int maxBrowsers, int queueCapacity) {
        this(settings, clock, new ProcessorHealth(clock), null, maxBrowsers, queueCapacity);
    }

    EventViewer(ViewerSettings settings, Clock clock, ProcessorHealth delivery, HealthRegistry providers,
                int maxBrowsers, int queueCapacity) {
        this.delivery = delivery;
        this.providers = providers;
        this.allowUnauthenticatedRemote = settings.allowUnauthenticatedRemote();
        this.history = new EventHistory(settings.historySize());
        this.allowedHosts = settings.allowedHosts() == null ? List.of() : settings.allowedHosts();
        this.hub = new ViewerHub(maxBrowsers, queueCapacity);
        this.observer = new ViewerObserver(history, counts, hub, clock, settings.maxDataBytes());
    }

    /** What the router must be observed with (before it starts) for events to show up. */
    public RouterObserver observer() {
        return observer;
    }

    /**
     * Adds the viewer's routes to the metrics server; they need its basic auth when one is configured, and without it
     * answer only clients on this host unless {@code allowUnauthenticatedRemote} ({@link ViewerAccess}).
     */
    public void mount(MetricsServer server) {
        ViewerAccess access = new ViewerAccess(server.authenticates(), allowUnauthenticatedRemote);
        AllowedHosts hosts = new AllowedHosts(allowedHosts, server.bindHost());
        for (Map.Entry<String, ViewerAssets.Asset> asset : assets.all().entrySet()) {
            route(server, access, hosts, PATH + asset.getKey(), call -> ViewerAssets.serve(call, asset.getValue()));
        }
        // "/events/" would resolve the page's relative links one level too deep: send the browser to "/events".
        route(server, access, hosts, PATH + "/", call -> {
            call.setHeader("Location", "../events");
            call.replyEmpty(302);
        });
        route(server, access, hosts, PATH + "/stream", this::stream);
        route(server, access, hosts, PATH + "/history", this::history);
        route(server, access, hosts, PATH + "/counts", this::counts);
        server.announce(PATH);
        if (server.authenticates()) {
            LOG.info("event viewer at {} on the metrics server (history of {} events)", PATH, history.capacity());
        } else if (allowUnauthenticatedRemote) {
            LOG.warn("event viewer at {} on the metrics server shows event data to anyone who can reach it: configure "
                    + "metricsProvider.default.auth, or set metricsProvider.default.viewer.enabled: false", PATH);
        } else {
            LOG.info("event viewer at {} on the metrics server, for clients on this host only (no metrics auth is "
                    + "configured; e.g. kubectl port-forward)", PATH);
        }
    }

    /** A viewer route, answered only to the clients {@link ViewerAccess} allows and for the {@link AllowedHosts}. */
    private static void route(MetricsServer server, ViewerAccess access, AllowedHosts hosts, String path,
                              HttpRoute handler) {
        server.route(path, true, call -> {
            if (!access.allows(call.remoteAddress())) {
                call.replyText(403, ViewerAccess.REFUSED);
                return;
            }
            if (!hosts.allows(call.header("Host"))) {
                call.replyText(403, "the viewer does not answer to host " + call.header("Host") + " (DNS rebinding "
                        + "protection): open it by IP address or localhost, or add the name to "
                        + "metricsProvider.default.viewer.allowedHosts");
                return;
            }
            handler.handle(call);
        });
    }

    private void stream(HttpCall call) throws IOException {
        StreamFilter filter;
        long since;
        try {
            Map<String, String> query = QueryParams.parse(call.query());
            filter = StreamFilter.parse(query.get("filter"));
            since = StreamPosition.since(instance, query.get("since"), call.header("Last-Event-ID"));
        } catch (IllegalArgumentException e) {
            call.replyText(400, e.getMessage());
            return;
        }
        if (call.method().equals("HEAD")) {
            call.reply(200, "text/event-stream; charset=utf-8", new byte[0]);
            return;
        }
        Subscriber subscriber = hub.subscribe();
        if (subscriber == null) {
            call.setHeader("Retry-After", "10");
            call.replyText(503, "too many viewers connected (" + MAX_BROWSERS + ")");
            return;
        }
        call.setHeader("Cache-Control", "no-cache");
        call.setHeader("X-Accel-Buffering", "no");
        try (OutputStream out = call.openStream(200, "text/event-stream; charset=utf-8")) {
            new StreamSession(history, subscriber, new FilterWork(filter, queries, call::onClientGone), instance,
                    new SseWriter(out)).run(since);
        } catch (QueryThreads.QueryException e) {
            LOG.debug("viewer stream to {} ended: {}", call.remoteAddress(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("viewer stream to {} ended: {}", call.remoteAddress(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(subscriber);
        }
    }

    private void history(HttpCall call) throws IOException {
        StreamFilter filter;
        long since;
        int limit;
        try {
            Map<String, String> query = QueryParams.parse(call.query());
            filter = StreamFilter.parse(query.get("filter"));
            since = StreamPosition.since(instance, query.get("since"), null);
            limit = query.containsKey("limit") ? Math.max(0, Integer.parseInt(query.get("limit"))) : Integer.MAX_VALUE;
        } catch (IllegalArgumentException e) {
            call.replyText(400, e.getMessage());
            return;
        }
        List<ViewerEntry> matching;
        try {
            matching = new FilterWork(filter, queries, call::onClientGone).select(history.snapshot(), since);
        } catch (QueryThreads.QueryException e) {
            if (e.status() != 499) {
                call.replyText(e.status(), e.getMessage());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.replyText(503, "stopping");
            return;
        }
        // Only the newest "limit" are rendered (the page checks a CESQL expression with limit=0).
        List<String> newest = matching.subList(Math.max(0, matching.size() - limit), matching.size()).stream()
                .map(EntryJson::full).toList();
        String body = "{\"instance\":\"" + instance + "\",\"historySize\":" + history.capacity()
                + ",\"events\":[" + String.join(",", newest) + "]}";
        call.reply(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private void counts(HttpCall call) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("types", counts.toJson());
        ArrayNode processors = body.putArray("processors");
        delivery.states().forEach((name, state) -> {
            ObjectNode node = processors.addObject().put("name", name).put("delivering", state.delivering())
                    .put("since", state.since().toString());
            if (!state.delivering()) {
                node.put("reason", state.reason()).put("failedAttempts", state.failedAttempts());
            }
        });
        if (providers != null) {
            providers.holders().ifPresent(holders -> body.set("sharing", sharing(holders)));
        }
        call.replyJson(200, body);
    }

    /**
     * With high availability: this replica's name, the replica holding each shared provider ({@code null}: none
     * does) and each replica's count, as this replica has learned them.
     */
    private static ObjectNode sharing(Holders holders) {
        ObjectNode sharing = JsonNodeFactory.instance.objectNode().put("replica", holders.replica());
        ArrayNode shared = sharing.putArray("providers");
        holders.byProvider().forEach((provider, holder) -> shared.addObject().put("name", provider)
                .put("holder", holder));
        ArrayNode replicas = sharing.putArray("replicas");
        holders.byReplica().forEach((replica, held) -> replicas.addObject().put("name", replica)
                .put("count", held.size()));
        return sharing;
    }

    /** The connected browsers' queues, for tests and diagnostics. */
    List<Subscriber> subscribers() {
        return hub.subscribers();
    }

    ViewerHub hub() {
        return hub;
    }

    EventHistory history() {
        return history;
    }

    int historySize() {
        return history.size();
    }

    /** Ends every open stream (the router is stopping). */
    @Override
    public void close() {
        hub.close();
        queries.close();
    }
}
