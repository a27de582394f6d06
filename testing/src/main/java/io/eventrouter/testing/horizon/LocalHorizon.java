package io.eventrouter.testing.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventrouter.testing.LoopbackServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Horizon Connection Server's REST API on 127.0.0.1, as far as the audit-event provider uses it:
 * {@code POST /rest/login {domain, username, password}} answering {@code {access_token, refresh_token}} (401 for wrong
 * credentials), {@code POST /rest/refresh {refresh_token}} answering a new {@code access_token} (400 once the refresh
 * token expired), {@code POST /rest/logout {refresh_token}}, and {@code GET /rest/external/v1/audit-events} with a
 * Bearer token (401 when expired), the {@code filter} query parameter (a JSON {@code Between} filter on {@code time},
 * bounds inclusive), pagination with {@code page} and {@code size} (both or neither; size at most 1000; response
 * header {@code HAS_MORE_RECORDS}), newest first; 409 when the event database is not configured.
 */
public final class LocalHorizon implements AutoCloseable {

    public static final String DOMAIN = "corp";
    public static final String USER = "administrator";
    public static final String PASSWORD = "ReplaceMe";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<Long, ObjectNode> events = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1000);
    private final AtomicInteger rejectedReads = new AtomicInteger();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> auditQueries = new CopyOnWriteArrayList<>();
    public volatile String password = PASSWORD;
    public volatile boolean databaseMissing;
    /** When false, no HAS_MORE_RECORDS header is sent (clients must then judge by the page being full). */
    public volatile boolean sendHasMoreRecords = true;
    /**
     * When true, reads with a time filter answer no events while reads without one (the newest events) still show
     * them: a reader stalled by what its user may see.
     */
    public volatile boolean hideFilteredReads;

    public LocalHorizon() throws IOException {
        this(null);
    }

    public LocalHorizon(SSLContext tlsContext) throws IOException {
        server = LoopbackServer.start(tlsContext, this::handle);
    }

    public URI address() {
        return LoopbackServer.address(server);
    }

    /** Adds an audit event at {@code time} (ms) and returns its id. */
    public long addEvent(long time, String type) {
        long id = nextId.incrementAndGet();
        ObjectNode event = JSON.createObjectNode();
        event.put("id", id);
        event.put("machine_id", "");
        event.put("message", "User CORP\\alice has logged in to a desktop (" + id + ")");
        event.put("module", "Vlsi");
        event.put("severity", "AUDIT_SUCCESS");
        event.put("time", time);
        event.put("type", type);
        event.put("user_id", "S-1-5-21-1111-2222-3333-1001");
        events.put(id, event);
        return id;
    }

    /** Adds an item exactly as given (e.g. a malformed one) under a key of its own. */
    public void addRawEvent(String json, long time) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(json);
        event.put("time", time);
        events.put(-nextId.incrementAndGet(), event);
    }

    /** The next {@code count} audit-event reads answer 401 whatever their token (a session the server dropped). */
    public void rejectAuditReads(int count) {
        rejectedReads.set(count);
    }

    public void expireAccessTokens() {
        accessTokens.clear();
    }

    public void expireRefreshTokens() {
        refreshTokens.clear();
    }

    /** Every request as {@code METHOD path}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public long count(String request) {
        return requests.stream().filter(request::equals).count();
    }

    /** The decoded query parameters of every audit-events request. */
    public List<Map<String, String>> auditQueries() {
        return List.copyOf(auditQueries);
    }

    /** The decoded {@code filter} parameters received. */
    public List<String> filters() {
        return List.copyOf(filters);
    }

    public boolean isLoggedIn() {
        return !refreshTokens.isEmpty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + path);
            byte[] body = exchange.getRequestBody().readAllBytes();
            switch (method + " " + path) {
                case "POST /rest/login" -> login(exchange, JSON.readTree(body));
                case "POST /rest/refresh" -> refresh(exchange, JSON.readTree(body));
                case "POST /rest/logout" -> logout(exchange, JSON.readTree(body));
                case "GET /rest/external/v1/audit-events" -> auditEvents(exchange);
                default -> error(exchange, 404, "NOT_FOUND", "no such resource");
            }
        }
    }

    private void login(HttpExchange exchange, JsonNode body) throws IOException {
        if (!body.hasNonNull("domain") || !body.hasNonNull("username") || !body.hasNonNull("password")) {
            error(exchange, 400, "BAD_REQUEST", "domain, username and password are required");
            return;
        }
        if (!DOMAIN.equals(body.get("domain").asText()) || !USER.equals(body.get("username").asText())
                || !password.equals(body.get("password").asText())) {
            error(exchange, 401, "INVALID_CREDENTIALS", "Invalid user credentials");
            return;
        }
        String access = "access-" + UUID.randomUUID();
        String refresh = "refresh-" + UUID.randomUUID();
        accessTokens.add(access);
        refreshTokens.add(refresh);
        send(exchange, 200, JSON.createObjectNode().put("access_token", access).put("refresh_token", refresh), null);
    }

    private void refresh(HttpExchange exchange, JsonNode body) throws IOException {
        if (!refreshTokens.contains(body.path("refresh_token").asText())) {
            error(exchange, 400, "INVALID_REFRESH_TOKEN", "refresh token is invalid or expired");
            return;
        }
        String access = "access-" + UUID.randomUUID();
        accessTokens.add(access);
        send(exchange, 200, JSON.createObjectNode().put("access_token", access), null);
    }

    private void logout(HttpExchange exchange, JsonNode body) throws IOException {
        if (!refreshTokens.remove(body.path("refresh_token").asText())) {
            error(exchange, 400, "INVALID_REFRESH_TOKEN", "refresh token is invalid or expired");
            return;
        }
        send(exchange, 200, null, null);
    }

    private void auditEvents(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !accessTokens.contains(authorization.substring(7))
                || rejectedReads.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            error(exchange, 401, "UNAUTHORIZED", "access token is invalid or expired");
            return;
        }
        if (databaseMissing) {
            error(exchange, 409, "CONFLICT", "Event database is not configured");
            return;
        }
        Map<String, String> query = LoopbackServer.query(exchange.getRequestURI());
        auditQueries.add(query);
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (query.containsKey("filter")) {
            filters.add(query.get("filter"));
            JsonNode filter = JSON.readTree(query.get("filter"));
            if (!"Between".equals(filter.path("type").asText()) || !"time".equals(filter.path("name").asText())
                    || !filter.path("fromValue").isIntegralNumber() || !filter.path("toValue").isIntegralNumber()) {
                error(exchange, 400, "INVALID_FILTER", "unsupported filter");
                return;
            }
            from = filter.get("fromValue").asLong();
            to = filter.get("toValue").asLong();
        }
        long lower = from;
        long upper = to;
        boolean hidden = hideFilteredReads && query.containsKey("filter");
        List<ObjectNode> matching = events.values().stream()
                .filter(e -> !hidden && e.get("time").asLong() >= lower && e.get("time").asLong() <= upper)
                .sorted(Comparator.comparingLong((ObjectNode e) -> e.get("time").asLong())
                        .thenComparingLong(e -> e.get("id").asLong(0)).reversed())
                .toList();
        boolean paged = query.containsKey("page") || query.containsKey("size");
        String more = null;
        if (paged) {
            int page;
            int size;
            try {
                page = Integer.parseInt(query.getOrDefault("page", ""));
                size = Integer.parseInt(query.getOrDefault("size", ""));
            } catch (NumberFormatException e) {
                error(exchange, 400, "INVALID_PAGINATION", "page and size must both be given");
                return;
            }
            if (page < 1 || size < 1 || size > 1000) {
                error(exchange, 400, "INVALID_PAGINATION", "page and size must be positive, size at most 1000");
                return;
            }
            int start = Math.min((page - 1) * size, matching.size());
            int end = Math.min(start + size, matching.size());
            more = end < matching.size() ? "TRUE" : "FALSE";
            matching = matching.subList(start, end);
        }
        ArrayNode list = JSON.createArrayNode();
        matching.forEach(list::add);
        send(exchange, 200, list, sendHasMoreRecords ? more : null);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("error_key", code).put("error_message", message), null);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, String hasMoreRecords) throws IOException {
        if (hasMoreRecords != null) {
            exchange.getResponseHeaders().set("HAS_MORE_RECORDS", hasMoreRecords);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        LoopbackServer.replyJson(exchange, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
