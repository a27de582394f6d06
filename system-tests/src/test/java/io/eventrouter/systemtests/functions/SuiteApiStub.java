package io.eventrouter.systemtests.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventrouter.testing.LoopbackServer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the VMware Aria Operations (vRealize Operations) suite-api the maintenance-mode function uses: token
 * acquisition, the resource search, and marking a resource maintained or not. Like the real one, the name search
 * also finds names that only contain the given one, and an unknown or revoked token gets 401.
 */
final class SuiteApiStub implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "s3cr3t-Ops-pass";

    record Call(String method, String path, Map<String, String> query, String authorization) {
    }

    record Host(String id, String name, String moref) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MAINTAINED = Pattern.compile("/suite-api/api/resources/([^/]+)/maintained");

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Host> hosts = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    /** Resource ids currently maintained. */
    final Set<String> maintained = ConcurrentHashMap.newKeySet();

    SuiteApiStub() throws IOException {
        this.server = LoopbackServer.start(this::handle);
    }

    URI uri() {
        return LoopbackServer.address(server);
    }

    Host addHost(String name, String moref) {
        Host host = new Host(UUID.randomUUID().toString(), name, moref);
        hosts.add(host);
        return host;
    }

    /** Tokens expire: the next call with one gets 401, as the real API answers. */
    void revokeTokens() {
        tokens.clear();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call(method, path, LoopbackServer.query(uri), authorization));
            if (method.equals("POST") && path.equals("/suite-api/api/auth/token/acquire")) {
                acquire(exchange, JSON.readTree(body));
                return;
            }
            if (authorization == null || !authorization.startsWith("vRealizeOpsToken ")
                    || !tokens.contains(authorization.substring("vRealizeOpsToken ".length()))) {
                reply(exchange, 401, JSON.createObjectNode().put("message", "The provided token for auth scheme "
                        + "\"vRealizeOpsToken\" is either invalid or has expired.").put("httpStatusCode", 401)
                        .put("apiErrorCode", 1512));
                return;
            }
            Matcher maintainedPath = MAINTAINED.matcher(path);
            if (method.equals("GET") && path.equals("/suite-api/api/resources")) {
                search(exchange, LoopbackServer.query(uri));
            } else if (maintainedPath.matches() && (method.equals("PUT") || method.equals("DELETE"))) {
                String id = maintainedPath.group(1);
                if (hosts.stream().noneMatch(h -> h.id().equals(id))) {
                    reply(exchange, 404, JSON.createObjectNode().put("message", "No such resource: " + id));
                    return;
                }
                if (method.equals("PUT")) {
                    maintained.add(id);
                } else {
                    maintained.remove(id);
                }
                exchange.sendResponseHeaders(200, -1);
            } else {
                reply(exchange, 404, JSON.createObjectNode().put("message", "not in this stub: " + method + " " + path));
            }
        }
    }

    private void acquire(HttpExchange exchange, JsonNode credentials) throws IOException {
        if (!USER.equals(credentials.path("username").asText()) || !PASSWORD.equals(credentials.path("password").asText())) {
            reply(exchange, 401, JSON.createObjectNode().put("message", "Invalid username or password"));
            return;
        }
        String token = UUID.randomUUID() + "::" + UUID.randomUUID();
        tokens.add(token);
        long validity = System.currentTimeMillis() + 6 * 3600_000L;
        reply(exchange, 200, JSON.createObjectNode().put("token", token).put("validity", validity)
                .put("expiresAt", "in six hours"));
    }

    private void search(HttpExchange exchange, Map<String, String> query) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("resourceList");
        String name = query.getOrDefault("name", "");
        boolean hostKind = "HostSystem".equals(query.get("resourceKind")) && "VMWARE".equals(query.get("adapterKind"));
        for (Host host : hosts) {
            if (hostKind && host.name().toLowerCase().contains(name.toLowerCase())) {
                ObjectNode resource = list.addObject().put("identifier", host.id());
                ObjectNode key = resource.putObject("resourceKey").put("name", host.name())
                        .put("adapterKindKey", "VMWARE").put("resourceKindKey", "HostSystem");
                key.putArray("resourceIdentifiers").addObject().put("value", host.moref())
                        .putObject("identifierType").put("name", "VMEntityObjectID");
            }
        }
        answer.putObject("pageInfo").put("totalCount", list.size()).put("page", 0).put("pageSize", 50);
        reply(exchange, 200, answer);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        LoopbackServer.replyJson(exchange, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
