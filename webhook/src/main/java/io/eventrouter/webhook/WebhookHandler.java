package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.server.BasicAuthCheck;
import io.eventrouter.http.server.HttpCall;
import io.eventrouter.http.server.HttpRoute;
import io.eventrouter.journal.Journal;
import io.eventrouter.journal.JournalRecords;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Handles POSTs of CloudEvents: checks method, credentials and size, reads the events, hands them to the router and
 * answers 200 only once every event was delivered or dead-lettered, so a 2xx means the router is done with them.
 * In plain-JSON mode, JSON documents that are not CloudEvents are wrapped into CloudEvents first.
 */
final class WebhookHandler implements HttpRoute {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final WebhookConfig config;
    private final EventPublisher publisher;
    private final BasicAuthCheck auth;
    private final CompletableFuture<Void> closing;
    private final Journal journal;
    private final PlainJsonRequestReader plainJson;
    private final AtomicLong requests = new AtomicLong();
    /** Posts between the draining check and their answer; {@link #stopAccepting()} waits for them to be counted. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    /** @param journal where accepted events go first, or {@code null} to hand them to the router directly */
    WebhookHandler(WebhookConfig config, EventPublisher publisher, Journal journal, CompletableFuture<Void> closing) {
        this.config = config;
        this.publisher = publisher;
        this.journal = journal;
        this.auth = config.auth() == null ? null : new BasicAuthCheck(config.auth());
        this.closing = closing;
        this.plainJson = config.plainJson() == null ? null : new PlainJsonRequestReader(config.plainJson());
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        if (LOG.isDebugEnabled()) {
            LOG.debug("webhook {} {} from {}", call.method(), call.path(), call.remoteAddress());
        }
        switch (call.method()) {
            case "POST" -> post(call);
            case "OPTIONS" -> options(call);
            default -> {
                call.setHeader("Allow", "POST, OPTIONS");
                call.replyText(405, "method not allowed: use POST");
            }
        }
    }

    /** The CloudEvents webhook abuse-protection handshake: allow the asking origin, at any rate. */
    private static void options(HttpCall call) throws IOException {
        String origin = call.header("WebHook-Request-Origin");
        call.setHeader("Allow", "POST, OPTIONS");
        if (origin != null) {
            call.setHeader("WebHook-Allowed-Origin", origin);
            call.setHeader("WebHook-Allowed-Rate", "*");
        }
        call.replyEmpty(200);
    }

    /**
     * From now on every post is answered 503, so that its sender (through the Service) tries another replica. Returns
     * once every post admitted before is counted in {@link #inFlight()} or its events are in the journal.
     */
    void stopAccepting() {
        admission.writeLock().lock();
        try {
            draining = true;
        } finally {
            admission.writeLock().unlock();
        }
    }

    /** Posts taken in but not answered yet. */
    int inFlight() {
        return inFlight.get();
    }

    private void post(HttpCall call) throws IOException {
        if (!admission.readLock().tryLock()) {
            refuseWhileDraining(call);
            return;
        }
        try {
            if (draining) {
                refuseWhileDraining(call);
                return;
            }
            inFlight.incrementAndGet();
        } finally {
            admission.readLock().unlock();
        }
        try {
            admitted(call);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void refuseWhileDraining(HttpCall call) throws IOException {
        call.setHeader("Retry-After", "1");
        call.setHeader("Connection", "close");
        call.replyText(503, "shutting down: this replica takes no new events; retry (another replica will take them)");
    }

    private void admitted(HttpCall call) throws IOException {
        if (auth != null && !auth.allows(call)) {
            BasicAuthCheck.challenge(call);
            return;
        }
        List<CloudEvent> events;
        try {
            events = read(call);
        } catch (HttpCall.BodyTooLargeException e) {
            publisher.recordError();
            call.replyText(413, e.getMessage());
            return;
        } catch (BadRequestException e) {
            publisher.recordError();
            LOG.debug("webhook rejected a request: {} {}", e.status(), e.getMessage());
            call.replyText(e.status(), e.getMessage());
            return;
        }
        // Concurrent requests have no order among themselves; the events of one request keep theirs.
        String orderingKey = "webhook-request-" + requests.incrementAndGet();
        if (journal != null) {
            journal(call, events, orderingKey);
            return;
        }
        try {
            // queued together, so that a destination that takes batches gets a batched request's events in one
            List<Acknowledgement> acknowledgements = publisher.tryPublishAll(events, orderingKey, config.queueWait());
            if (acknowledgements.size() < events.size()) {
                call.setHeader("Retry-After", "1");
                call.replyText(429, "the router's queues are full; retry later"
                        + (acknowledgements.isEmpty() ? "" : " (" + acknowledgements.size() + " of "
                        + events.size() + " events were accepted and will be delivered)"));
                return;
            }
            awaitDelivery(call, acknowledgements);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.setHeader("Retry-After", "1");
            call.replyText(503, "shutting down");
        }
    }

    private List<CloudEvent> read(HttpCall call)
            throws IOException, HttpCall.BodyTooLargeException, BadRequestException {
        byte[] body = call.body(config.maxBodyBytes());
        return plainJson == null ? CloudEventsRequestReader.read(call.headers(), body, config.maxAttributeBytes())
                : plainJson.read(call.headers(), body, config.maxAttributeBytes());
    }

    /** Journal mode: 200 once the events are on disk; the journal's pump delivers them. */
    private void journal(HttpCall call, List<CloudEvent> events, String orderingKey) throws IOException {
        try {
            journal.append(events.stream().map(event -> JournalRecords.encode(orderingKey, event)).toList());
        } catch (Journal.FullException e) {
            call.setHeader("Retry-After", "1");
            call.replyText(429, "the webhook's journal is full; retry later");
            return;
        } catch (IOException e) {
            LOG.error("webhook journal write failed: {}", e.toString());
            call.setHeader("Retry-After", "5");
            call.replyText(503, "cannot store the events; retry later");
            return;
        }
        call.replyEmpty(200);
    }

    private void awaitDelivery(HttpCall call, List<Acknowledgement> acknowledgements)
            throws IOException, InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(acknowledgements.stream()
                .map(a -> a.done().toCompletableFuture()).toArray(CompletableFuture<?>[]::new));
        try {
            CompletableFuture.anyOf(all, closing).get(config.deliveryWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // answered below
        }
        if (!all.isDone()) {
            call.setHeader("Retry-After", "5");
            call.replyText(503, "events were accepted but not delivered yet; they stay queued, and a retry "
                    + "may deliver them twice");
        } else if (acknowledgements.stream().anyMatch(a -> a.outcome().orElse(Acknowledgement.Outcome.DELIVERED)
                == Acknowledgement.Outcome.DROPPED)) {
            // 500 as the original answered any processor error (not 502: the router is not a gateway, and senders
            // treat a 500 the same way); the event is in the log only
            call.replyText(500, "delivery failed and no deadLetterSink is configured; the event was logged and "
                    + "dropped");
        } else {
            call.replyEmpty(200);
        }
    }
}
