package io.eventrouter.testing.openfaas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventrouter.testing.LoopbackServer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenFaaS gateway on 127.0.0.1 that speaks the gateway's HTTP API as faas-netes serves it: {@code GET
 * /system/namespaces} (a JSON array of names), {@code GET /system/functions?namespace=ns} (function status objects
 * with {@code name}, {@code namespace}, {@code image}, {@code annotations}, ...), {@code POST /function/<name>.<ns>}
 * (proxied to the function, its answer passed back) and {@code POST /async-function/<name>.<ns>} (queued, 202).
 * The system API is protected by basic auth, answered 401 with {@code WWW-Authenticate} as the gateway does; the
 * invocation routes too when {@link #protectInvocations} is set (as an ingress in front of the gateway would).
 */
public final class LocalGateway implements AutoCloseable {

    /** How a deployed function answers an invocation. */
    @FunctionalInterface
    public interface Behaviour {
        Answer answer(Invocation invocation) throws InterruptedException;
    }

    /** A function's answer; {@code headers} are passed back by the gateway (e.g. Retry-After). */
    public record Answer(int status, String body, Map<String, String> headers) {

        public Answer(int status, String body) {
            this(status, body, Map.of());
        }

        public static Answer ok() {
            return new Answer(200, "ok");
        }
    }

    public record Invocation(String route, String function, Map<String, String> headers, String body) {
    }

    private record Deployed(String name, String namespace, Map<String, String> annotations, Behaviour behaviour) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String user;
    private final String password;
    private final Map<String, Deployed> functions = new ConcurrentHashMap<>();
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final List<String> systemCalls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    public volatile int systemApiStatus = 200;
    public volatile boolean protectInvocations;
    /** When set, answered for /system/namespaces instead of the namespace list (a broken gateway or proxy). */
    public volatile String namespacesBody;
    /** The answer to {@code /async-function/} calls: 202 (queued), or e.g. 503 as when the gateway's queue is down. */
    public volatile int queueStatus = 202;

    public LocalGateway(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = LoopbackServer.start(this::handle);
    }

    public URI address() {
        return LoopbackServer.address(server);
    }

    public void namespaces(String... names) {
        namespaces.clear();
        namespaces.addAll(List.of(names));
    }

    public void deploy(String name, String namespace, String topics, Behaviour behaviour) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("prometheus.io.scrape", "false");
        if (topics != null) {
            annotations.put("topic", topics);
        }
        functions.put(path(name, namespace), new Deployed(name, namespace, annotations, behaviour));
    }

    public void remove(String name, String namespace) {
        functions.remove(path(name, namespace));
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    public List<Invocation> invocationsOf(String path) {
        return invocations.stream().filter(i -> i.function().equals(path)).toList();
    }

    public int count(String path) {
        return counts.getOrDefault(path, new AtomicInteger()).get();
    }

    public List<String> systemCalls() {
        return List.copyOf(systemCalls);
    }

    private static String path(String name, String namespace) {
        return namespace == null ? name : name + "." + namespace;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("/system/")) {
                systemCalls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                if (!authorized(exchange)) {
                    unauthorized(exchange);
                } else if (systemApiStatus != 200) {
                    send(exchange, systemApiStatus, "text/plain", "gateway error");
                } else if (exchange.getRequestMethod().equals("GET") && path.equals("/system/namespaces")) {
                    send(exchange, 200, "application/json",
                            namespacesBody != null ? namespacesBody : JSON.writeValueAsString(namespaces));
                } else if (exchange.getRequestMethod().equals("GET") && path.equals("/system/functions")) {
                    listFunctions(exchange);
                } else {
                    send(exchange, 404, "text/plain", "404 page not found");
                }
            } else if (path.startsWith("/function/") || path.startsWith("/async-function/")) {
                invoke(exchange, path, body);
            } else {
                send(exchange, 404, "text/plain", "404 page not found");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listFunctions(HttpExchange exchange) throws IOException {
        String namespace = LoopbackServer.query(exchange.getRequestURI()).get("namespace");
        if (namespace != null && !namespaces.contains(namespace)) {
            send(exchange, 400, "text/plain", "namespace not allowed");
            return;
        }
        ArrayNode list = JSON.createArrayNode();
        for (Deployed function : functions.values()) {
            if (namespace == null ? function.namespace() != null : !namespace.equals(function.namespace())) {
                continue;
            }
            ObjectNode status = list.addObject();
            status.put("name", function.name());
            status.put("image", "ghcr.io/example/" + function.name() + ":latest");
            status.put("invocationCount", 0);
            status.put("replicas", 1);
            status.put("availableReplicas", 1);
            if (function.namespace() != null) {
                status.put("namespace", function.namespace());
            }
            status.putObject("labels").put("faas_function", function.name());
            ObjectNode annotations = status.putObject("annotations");
            function.annotations().forEach(annotations::put);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(list));
    }

    private void invoke(HttpExchange exchange, String path, String body) throws IOException, InterruptedException {
        boolean async = path.startsWith("/async-function/");
        String target = path.substring(async ? "/async-function/".length() : "/function/".length());
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "text/plain", "method not allowed");
            return;
        }
        if (protectInvocations && !authorized(exchange)) {
            unauthorized(exchange);
            return;
        }
        Deployed function = functions.get(target);
        if (function == null) {
            send(exchange, 404, "text/plain", "error finding function " + target + ": not found");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        Invocation invocation = new Invocation(async ? "async-function" : "function", target, headers, body);
        invocations.add(invocation);
        counts.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
        if (async && queueStatus != 202) {
            send(exchange, queueStatus, "text/plain", "cannot queue the request");
            return;
        }
        if (async) {
            exchange.getResponseHeaders().add("X-Call-Id", "call-" + invocations.size());
            send(exchange, 202, "text/plain", "");
            return;
        }
        Answer answer = function.behaviour().answer(invocation);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        send(exchange, answer.status(), "text/plain", answer.body());
    }

    private boolean authorized(HttpExchange exchange) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static void unauthorized(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Restricted\"");
        send(exchange, 401, "text/plain", "Unauthorized");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    public List<String> functionPaths() {
        return new ArrayList<>(functions.keySet());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
