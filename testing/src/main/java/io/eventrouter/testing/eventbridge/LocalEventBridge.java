package io.eventrouter.testing.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventrouter.testing.AnswerGate;
import io.eventrouter.testing.LoopbackServer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * EventBridge on 127.0.0.1, speaking its wire protocol (AWS JSON 1.1): {@code POST /} with
 * {@code X-Amz-Target: AWSEvents.<Operation>} and {@code Content-Type: application/x-amz-json-1.1}, every request
 * SigV4-verified against the secret it knows, errors as {@code {"__type","message"}} with the status AWS uses.
 * Implements ListRules (EventBusName, Limit 1..100, NextToken paging) and PutEvents (1..10 entries, 256 KB, per-entry
 * results with FailedEntryCount), plus switches for throttling and per-entry failures.
 */
public final class LocalEventBridge implements AutoCloseable {

    public static final String REGION = "us-west-1";
    public static final String ACCESS_KEY = "AKIDEXAMPLE";
    public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static final String ACCOUNT = "1234567890";

    public record StoredRule(String name, String bus, String pattern) {
        public String arn() {
            return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + (bus.equals("default") ? "" : bus + "/") + name;
        }
    }

    public record Call(String operation, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final HttpServer server;
    private final SigV4Verifier verifier;
    private final List<StoredRule> rules = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refusedSignatures = new CopyOnWriteArrayList<>();
    private final List<String> signers = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    public volatile boolean listRulesFails;
    /** Per PutEvents entry: an error code to answer for it, or null to accept it. */
    public volatile Function<JsonNode, String> entryFailure = entry -> null;
    /** When set, every PutEvents call is refused as a whole with this status and error (e.g. 500 InternalException). */
    public volatile SigV4Verifier.Failure putEventsFailure;
    public volatile int putEventsFailureStatus = 500;
    /** When set, every PutEvents call waits here before it is answered (work under way, e.g. at close). */
    public volatile AnswerGate putEventsGate;

    public LocalEventBridge() throws IOException {
        this(ACCESS_KEY, SECRET_KEY);
    }

    /** An endpoint that accepts requests signed with exactly this key pair. */
    public LocalEventBridge(String accessKey, String secretKey) throws IOException {
        verifier = new SigV4Verifier(Map.of(accessKey, secretKey), REGION, "events");
        server = LoopbackServer.start(this::handle);
    }

    public URI endpoint() {
        return LoopbackServer.address(server);
    }

    public StoredRule addRule(String name, String bus, String pattern) {
        StoredRule rule = new StoredRule(name, bus, pattern);
        rules.add(rule);
        return rule;
    }

    public void clearRules() {
        rules.clear();
    }

    public void throttleNextCalls(int count) {
        throttleNext.set(count);
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** Entries taken onto a bus, in order, as received ({@code Source}, {@code DetailType}, {@code Detail}, ...). */
    public List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    public List<String> refusedSignatures() {
        return List.copyOf(refusedSignatures);
    }

    /** The access key of every request whose signature was valid, in arrival order. */
    public List<String> signers() {
        return List.copyOf(signers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            SigV4Verifier.Failure refused = verifier.verify(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body, Instant.now());
            if (refused != null) {
                refusedSignatures.add(refused.code());
                error(exchange, refused.code().equals("MissingAuthenticationTokenException") ? 403 : 400, refused);
                return;
            }
            signers.add(SigV4Verifier.accessKey(exchange.getRequestHeaders().getFirst("Authorization")));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/")) {
                error(exchange, 404, new SigV4Verifier.Failure("UnknownOperationException", "no such resource"));
                return;
            }
            if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
                error(exchange, 400, new SigV4Verifier.Failure("SerializationException", "expected JSON 1.1 body"));
                return;
            }
            JsonNode request = JSON.readTree(body);
            String operation = target == null ? "" : target.replaceFirst("^AWSEvents\\.", "");
            calls.add(new Call(operation, request));
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(exchange, 400, new SigV4Verifier.Failure("ThrottlingException", "Rate exceeded"));
                return;
            }
            switch (target == null ? "" : target) {
                case "AWSEvents.ListRules" -> listRules(exchange, request);
                case "AWSEvents.PutEvents" -> {
                    holdAt(putEventsGate);
                    SigV4Verifier.Failure failure = putEventsFailure;
                    if (failure != null) {
                        error(exchange, putEventsFailureStatus, failure);
                    } else {
                        putEvents(exchange, request, body.length);
                    }
                }
                default -> error(exchange, 400, new SigV4Verifier.Failure("UnknownOperationException",
                        "unknown operation " + target));
            }
        }
    }

    private static void holdAt(AnswerGate gate) {
        if (gate == null) {
            return;
        }
        try {
            gate.hold();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listRules(HttpExchange exchange, JsonNode request) throws IOException {
        if (listRulesFails) {
            error(exchange, 500, new SigV4Verifier.Failure("InternalException", "internal error"));
            return;
        }
        String bus = request.path("EventBusName").asText("default");
        int limit = request.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            error(exchange, 400, new SigV4Verifier.Failure("ValidationException", "Limit must be 1..100"));
            return;
        }
        List<StoredRule> onBus = rules.stream().filter(r -> r.bus().equals(bus)).toList();
        int start = request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText().substring(5)) : 0;
        ObjectNode response = JSON.createObjectNode();
        ArrayNode list = response.putArray("Rules");
        for (StoredRule rule : onBus.subList(Math.min(start, onBus.size()), Math.min(start + limit, onBus.size()))) {
            ObjectNode item = list.addObject().put("Name", rule.name()).put("Arn", rule.arn())
                    .put("State", "ENABLED").put("EventBusName", rule.bus());
            if (rule.pattern() != null) {
                item.put("EventPattern", rule.pattern());
            } else {
                item.put("ScheduleExpression", "rate(5 minutes)");
            }
        }
        if (start + limit < onBus.size()) {
            response.put("NextToken", "page-" + (start + limit));
        }
        ok(exchange, response);
    }

    private void putEvents(HttpExchange exchange, JsonNode request, int requestBytes) throws IOException {
        JsonNode entries = request.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            error(exchange, 400, new SigV4Verifier.Failure("ValidationException", "1 validation error detected: "
                    + "Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10"));
            return;
        }
        int total = 0;
        for (JsonNode entry : entries) {
            total += utf8(entry.path("Source").asText()) + utf8(entry.path("DetailType").asText())
                    + utf8(entry.path("Detail").asText());
        }
        if (total > MAX_REQUEST_BYTES) {
            error(exchange, 400, new SigV4Verifier.Failure("ValidationException",
                    "Total size of the entries in the request is over the limit."));
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : entries) {
            String code = entryCheck(entry);
            if (code == null) {
                code = entryFailure.apply(entry);
            }
            if (code != null) {
                failed++;
                results.addObject().put("ErrorCode", code).put("ErrorMessage", code + " for this entry");
            } else {
                accepted.add(entry);
                results.addObject().put("EventId", UUID.randomUUID().toString());
            }
        }
        response.put("FailedEntryCount", failed);
        ok(exchange, response);
    }

    /** What EventBridge refuses per entry on its own: missing fields or a Detail that is not a JSON object. */
    private static String entryCheck(JsonNode entry) {
        for (String field : List.of("Source", "DetailType", "Detail")) {
            if (entry.path(field).asText("").isEmpty()) {
                return "InvalidArgument";
            }
        }
        try {
            return JSON.readTree(entry.get("Detail").asText()).isObject() ? null : "MalformedDetail";
        } catch (IOException e) {
            return "MalformedDetail";
        }
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void ok(HttpExchange exchange, JsonNode response) throws IOException {
        send(exchange, 200, JSON.writeValueAsBytes(response), null);
    }

    private static void error(HttpExchange exchange, int status, SigV4Verifier.Failure failure) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("__type", failure.code()).put("message", failure.message());
        send(exchange, status, JSON.writeValueAsBytes(body), failure.code());
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String errorType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    public List<String> ruleArns() {
        return new ArrayList<>(rules.stream().map(StoredRule::arn).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
