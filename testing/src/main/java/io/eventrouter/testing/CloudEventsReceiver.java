package io.eventrouter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A CloudEvents HTTP endpoint for tests: every request is parsed by the CloudEvents SDK's own HTTP reader (so what
 * the router puts on the wire must be valid by the SDK's rules), recorded, and answered with the status the test
 * scripts (202 by default; e.g. 500 for the first N requests, 400 for one poisoned event id). A batch
 * ({@code application/cloudevents-batch+json}) is split into its array's elements, each parsed by the SDK's JSON
 * event format; it is answered with the first non-2xx status the script gives one of its events, else 2xx, and its
 * events are recorded (mode {@code batch}) only when it is answered 2xx.
 */
public final class CloudEventsReceiver implements AutoCloseable {

    /** One received request: the parsed event, its content mode and raw headers (lower-case names). */
    public record Received(CloudEvent event, String mode, Map<String, String> headers, byte[] body) {
    }

    /** What to answer: a status and optional headers. */
    public record Reply(int status, Map<String, String> headers) {

        public static Reply of(int status) {
            return new Reply(status, Map.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventFormat JSON_FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final HttpServer server;
    private final AtomicInteger batches = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> rejectedRequests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private final boolean keepEvents;
    private volatile BiFunction<CloudEvent, Map<String, String>, Reply> responder = (event, headers) -> Reply.of(202);

    private CloudEventsReceiver(HttpServer server, boolean keepEvents) {
        this.server = server;
        this.keepEvents = keepEvents;
    }

    /**
     * Starts on 127.0.0.1 with a free port (or {@code port}).
     *
     * @param keepEvents false for load tests: events are parsed and counted, not kept
     */
    public static CloudEventsReceiver start(int port, boolean keepEvents) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), keepEvents);
    }

    /**
     * Starts on every interface with a free port: for a router in a container, which reaches the host through its
     * gateway address ({@code host.containers.internal}), not through 127.0.0.1.
     */
    public static CloudEventsReceiver startOnAllInterfaces() throws IOException {
        return start(new InetSocketAddress(0), true);
    }

    private static CloudEventsReceiver start(InetSocketAddress address, boolean keepEvents) throws IOException {
        HttpServer server = HttpServer.create(address, 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        CloudEventsReceiver receiver = new CloudEventsReceiver(server, keepEvents);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    public static CloudEventsReceiver start() throws IOException {
        return start(0, true);
    }

    /** Starts an https receiver on 127.0.0.1 with a free port, presenting the certificate of {@code tls}. */
    public static CloudEventsReceiver startTls(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        CloudEventsReceiver receiver = new CloudEventsReceiver(server, true);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    /** Events answered 2xx so far (kept or not). */
    public long acceptedCount() {
        return accepted.get();
    }

    /** Decides the answer per event; recorded events are only those answered 2xx. */
    public void respondWith(Function<CloudEvent, Reply> responder) {
        this.responder = (event, headers) -> responder.apply(event);
    }

    /** Decides the answer per event and its request headers (lower-case names), e.g. to check credentials. */
    public void respondWithHeaders(BiFunction<CloudEvent, Map<String, String>, Reply> responder) {
        this.responder = responder;
    }

    public URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Events answered with 2xx, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<CloudEvent> events() {
        return received.stream().map(Received::event).toList();
    }

    /** Every request, answered or not. */
    public int requestCount() {
        return requests.get();
    }

    /** Batched-mode requests so far, answered or not. */
    public int batchCount() {
        return batches.get();
    }

    /** Requests that the SDK could not parse, with the reason. */
    public List<String> unparsable() {
        return List.copyOf(rejectedRequests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.getFirst()));
            if (headers.getOrDefault("content-type", "").startsWith("application/cloudevents-batch+json")) {
                handleBatch(exchange, headers, body);
                return;
            }
            CloudEvent event;
            try {
                event = HttpMessageFactory.createReader(headers, body).toEvent();
            } catch (RuntimeException e) {
                rejectedRequests.add(e.toString());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            String contentType = headers.getOrDefault("content-type", "");
            String mode = contentType.startsWith("application/cloudevents") ? "structured" : "binary";
            Reply reply = responder.apply(event, headers);
            if (reply.status() >= 200 && reply.status() < 300) {
                accepted.incrementAndGet();
                if (keepEvents) {
                    received.add(new Received(event, mode, Map.copyOf(headers), body));
                }
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), -1);
        }
    }

    private void handleBatch(HttpExchange exchange, Map<String, String> headers, byte[] body) throws IOException {
        batches.incrementAndGet();
        List<CloudEvent> events = new ArrayList<>();
        try {
            JsonNode array = JSON.readTree(body);
            if (array == null || !array.isArray()) {
                throw new IllegalArgumentException("a batch must be a JSON array");
            }
            for (JsonNode element : array) {
                events.add(JSON_FORMAT.deserialize(JSON.writeValueAsBytes(element)));
            }
        } catch (IOException | RuntimeException e) {
            rejectedRequests.add(e.toString());
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        Reply reply = Reply.of(202);
        for (CloudEvent event : events) {
            Reply answer = responder.apply(event, headers);
            if (answer.status() < 200 || answer.status() >= 300) {
                reply = answer;
                break;
            }
        }
        if (reply.status() >= 200 && reply.status() < 300) {
            accepted.addAndGet(events.size());
            if (keepEvents) {
                events.forEach(event -> received.add(new Received(event, "batch", Map.copyOf(headers), body)));
            }
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), -1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
