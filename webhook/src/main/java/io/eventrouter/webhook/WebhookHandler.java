package io.eventrouter.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cloudevents.CloudEvent;
import io.eventrouter.http.BasicAuthCheck;
import io.eventrouter.http.Replies;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handles POSTs of CloudEvents: checks method, credentials and size, reads the events, hands them to the router and
 * answers 200 only once every event was delivered or dead-lettered, so a 2xx means the router is done with them.
 */
final class WebhookHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final WebhookConfig config;
    private final EventPublisher publisher;
    private final BasicAuthCheck auth;
    private final CompletableFuture<Void> closing;
    private final AtomicLong requests = new AtomicLong();

    WebhookHandler(WebhookConfig config, EventPublisher publisher, CompletableFuture<Void> closing) {
        this.config = config;
        this.publisher = publisher;
        this.auth = config.auth() == null ? null : new BasicAuthCheck(config.auth().basicAuth());
        this.closing = closing;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("webhook {} {} from {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRemoteAddress());
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> post(exchange);
                case "OPTIONS" -> options(exchange);
                default -> {
                    exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
                    Replies.text(exchange, 405, "method not allowed: use POST");
                }
            }
        }
    }

    /** The CloudEvents webhook abuse-protection handshake: allow the asking origin, at any rate. */
    private void options(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("WebHook-Request-Origin");
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        if (origin != null) {
            exchange.getResponseHeaders().set("WebHook-Allowed-Origin", origin);
            exchange.getResponseHeaders().set("WebHook-Allowed-Rate", "*");
        }
        Replies.empty(exchange, 200);
    }

    private void post(HttpExchange exchange) throws IOException {
        if (auth != null && !auth.allows(exchange)) {
            BasicAuthCheck.challenge(exchange);
            return;
        }
        List<CloudEvent> events;
        try {
            byte[] body = readBody(exchange);
            events = CloudEventsRequestReader.read(lowerCaseHeaders(exchange), body);
        } catch (BadRequestException e) {
            publisher.recordError();
            LOG.debug("webhook rejected a request: {} {}", e.status(), e.getMessage());
            Replies.text(exchange, e.status(), e.getMessage());
            return;
        }
        // Concurrent requests have no order among themselves; the events of one request keep theirs.
        String orderingKey = "webhook-request-" + requests.incrementAndGet();
        List<Acknowledgement> acknowledgements = new ArrayList<>(events.size());
        try {
            for (CloudEvent event : events) {
                Optional<Acknowledgement> ack = publisher.tryPublish(event, orderingKey, config.queueWait());
                if (ack.isEmpty()) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    Replies.text(exchange, 429, "the router's queues are full; retry later"
                            + (acknowledgements.isEmpty() ? "" : " (" + acknowledgements.size() + " of "
                            + events.size() + " events were accepted and will be delivered)"));
                    return;
                }
                acknowledgements.add(ack.get());
            }
            awaitDelivery(exchange, acknowledgements);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.getResponseHeaders().set("Retry-After", "1");
            Replies.text(exchange, 503, "shutting down");
        }
    }

    private void awaitDelivery(HttpExchange exchange, List<Acknowledgement> acknowledgements)
            throws IOException, InterruptedException {
        CompletableFuture<?>[] all = acknowledgements.stream().map(a -> a.done().toCompletableFuture())
                .toArray(CompletableFuture<?>[]::new);
        CompletableFuture<Object> doneOrClosing = CompletableFuture.anyOf(CompletableFuture.allOf(all), closing);
        try {
            doneOrClosing.get(config.deliveryWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // fall through: answered below
        }
        if (CompletableFuture.allOf(all).isDone()) {
            boolean dropped = acknowledgements.stream()
                    .anyMatch(a -> a.outcome().orElse(Acknowledgement.Outcome.DELIVERED) == Acknowledgement.Outcome.DROPPED);
            if (dropped) {
                Replies.text(exchange, 502, "a destination refused the event and no deadLetterSink is configured; "
                        + "the event was logged and dropped");
            } else {
                Replies.empty(exchange, 200);
            }
        } else {
            exchange.getResponseHeaders().set("Retry-After", "5");
            Replies.text(exchange, 503, "events were accepted but not delivered yet; they stay queued, and a retry "
                    + "may deliver them twice");
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException, BadRequestException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > config.maxBodyBytes()) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new BadRequestException(400, "invalid Content-Length");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBodyBytes() + 1));
            if (body.length > config.maxBodyBytes()) {
                throw tooLarge();
            }
            return body;
        }
    }

    private BadRequestException tooLarge() {
        return new BadRequestException(413, "request body larger than " + config.maxBodyBytes() + " bytes");
    }

    private static Map<String, String> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        return headers;
    }
}
