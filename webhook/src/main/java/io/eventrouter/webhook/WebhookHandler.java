package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.server.BasicAuthCheck;
import io.eventrouter.http.server.HttpCall;
import io.eventrouter.http.server.NonBlockingRoute;
import io.eventrouter.journal.Journal;
import io.eventrouter.journal.JournalRecords;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Handles POSTs of CloudEvents: checks method, credentials and size, reads the events, hands them to the router and
 * answers 200 only once every event was delivered or dead-lettered, so a 2xx means the router is done with them.
 * Non-blocking: the body is read as it arrives and the answer given from the delivery's completion, so no thread
 * waits for a request; only waiting for queue room and writing the journal move to a virtual thread.
 * In plain-JSON mode, JSON documents that are not CloudEvents are wrapped into CloudEvents first.
 */
final class WebhookHandler implements NonBlockingRoute {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final WebhookConfig config;
    private final EventPublisher publisher;
    private final BasicAuthCheck auth;
    private final CompletableFuture<Void> closing;
    private final Journal journal;
    private final PlainJsonRequestReader plainJson;
    private final AtomicLong requests = new AtomicLong();
    private final ScheduledExecutorService timer;
    /** Posts between the draining check and their answer; {@link #stopAccepting()} waits for them to be counted. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    /**
     * @param journal where accepted events go first, or {@code null} to hand them to the router directly
     * @param timer   ends the wait for a delivery after {@code deliveryWait}; must remove cancelled tasks
     */
    WebhookHandler(WebhookConfig config, EventPublisher publisher, Journal journal, CompletableFuture<Void> closing,
                   ScheduledExecutorService timer) {
        this.config = config;
        this.timer = timer;
        this.publisher = publisher;
        this.journal = journal;
        this.auth = config.auth() == null ? null : new BasicAuthCheck(config.auth());
        this.closing = closing;
        this.plainJson = config.plainJson() == null ? null : new PlainJsonRequestReader(config.plainJson());
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        // on the server's I/O thread: nothing here may block
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
        // in progress until answered, which may be later, from another thread
        CountedCall counted = new CountedCall(call, inFlight::decrementAndGet);
        try {
            admitted(counted);
        } catch (IOException | RuntimeException e) {
            counted.release(); // the server answers it
            throw e;
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
        call.readBody(config.maxBodyBytes(), (body, failure) -> answering(call, () -> received(call, body, failure)));
    }

    /** The body is in (on an I/O thread, which must not wait): read the events and hand them on. */
    private void received(HttpCall call, byte[] body, Exception failure) throws IOException {
        if (failure instanceof HttpCall.BodyTooLargeException) {
            publisher.recordError();
            call.replyText(413, failure.getMessage());
            return;
        }
        if (failure instanceof HttpCall.IncompleteBodyException incomplete) {
            LOG.debug("webhook {} from {}: {}", call.path(), call.remoteAddress(), incomplete.getMessage());
            call.replyText(incomplete.status(), incomplete.getMessage());
            return;
        }
        List<CloudEvent> events;
        try {
            events = plainJson == null ? CloudEventsRequestReader.read(call.headers(), body, config.maxAttributeBytes())
                    : plainJson.read(call.headers(), body, config.maxAttributeBytes());
        } catch (BadRequestException e) {
            publisher.recordError();
            LOG.debug("webhook rejected a request: {} {}", e.status(), e.getMessage());
            call.replyText(e.status(), e.getMessage());
            return;
        }
        // Concurrent requests have no order among themselves; the events of one request keep theirs.
        String orderingKey = "webhook-request-" + requests.incrementAndGet();
        if (journal != null) {
            // writing to disk blocks: not on the I/O thread
            Thread.ofVirtual().name("webhook-journal").start(() -> answering(call, () -> journal(call, events, orderingKey)));
            return;
        }
        List<Acknowledgement> acknowledgements;
        try {
            // queued together, so that a destination that takes batches gets a batched request's events in one
            acknowledgements = publisher.tryPublishAll(events, orderingKey, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shuttingDown(call);
            return;
        }
        if (acknowledgements.size() == events.size()) {
            awaitDelivery(call, acknowledgements);
            return;
        }
        // no room at once: waiting for it (up to queueWait) blocks, so on a thread of its own
        Thread.ofVirtual().name("webhook-queue-wait").start(() -> answering(call,
                () -> publishWaiting(call, events, orderingKey, acknowledgements)));
    }

    private void publishWaiting(HttpCall call, List<CloudEvent> events, String orderingKey,
                                List<Acknowledgement> accepted) throws IOException {
        List<Acknowledgement> acknowledgements = new ArrayList<>(accepted);
        try {
            acknowledgements.addAll(publisher.tryPublishAll(events.subList(accepted.size(), events.size()),
                    orderingKey, config.queueWait()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shuttingDown(call);
            return;
        }
        if (acknowledgements.size() < events.size()) {
            call.setHeader("Retry-After", "1");
            call.replyText(429, "the router's queues are full; retry later"
                    + (acknowledgements.isEmpty() ? "" : " (" + acknowledgements.size() + " of "
                    + events.size() + " events were accepted and will be delivered)"));
            return;
        }
        awaitDelivery(call, acknowledgements);
    }

    private static void shuttingDown(HttpCall call) throws IOException {
        call.setHeader("Retry-After", "1");
        call.replyText(503, "shutting down");
    }

    /** Work that answers {@code call}, run where no caller is left to handle its failure. */
    private interface Answering {
        void run() throws IOException;
    }

    /** Runs {@code work}; a failure is answered 500 (as the server answers a route that throws) and logged. */
    private static void answering(HttpCall call, Answering work) {
        try {
            work.run();
        } catch (IOException e) {
            // the answer could not be written: the client went away
            LOG.debug("webhook {} from {}: cannot answer: {}", call.path(), call.remoteAddress(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("POST {} failed: {}", call.path(), e.toString());
            try {
                call.replyText(500, "internal error");
            } catch (IOException | RuntimeException answered) {
                // answered before it failed, or the client is gone: nothing more to say
            }
        }
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

    /**
     * Answers once every event is done, the router is closing or {@code deliveryWait} passed, whichever comes first,
     * on the thread that got there: no thread waits for the delivery.
     */
    private void awaitDelivery(HttpCall call, List<Acknowledgement> acknowledgements) {
        CompletableFuture<?> all = acknowledgements.size() == 1
                ? acknowledgements.getFirst().done().toCompletableFuture()
                : CompletableFuture.allOf(acknowledgements.stream()
                .map(a -> a.done().toCompletableFuture()).toArray(CompletableFuture<?>[]::new));
        if (all.isDone()) {
            answering(call, () -> answer(call, all, acknowledgements));
            return;
        }
        CompletableFuture<Object> settled = CompletableFuture.anyOf(all, closing);
        ScheduledFuture<?> timeout = timer.schedule(() -> settled.complete(null), config.deliveryWait().toNanos(),
                TimeUnit.NANOSECONDS);
        settled.whenComplete((ignored, failure) -> {
            timeout.cancel(false);
            answering(call, () -> answer(call, all, acknowledgements));
        });
    }

    private static void answer(HttpCall call, CompletableFuture<?> all, List<Acknowledgement> acknowledgements)
            throws IOException {
        if (!all.isDone()) {
            call.setHeader("Retry-After", "5");
            call.replyText(503, "events were accepted but not delivered yet; they stay queued, and a retry "
                    + "may deliver them twice");
        } else if (anyDropped(acknowledgements)) {
            // 500 as the original answered any processor error (not 502: the router is not a gateway, and senders
            // treat a 500 the same way); the event is in the log only
            call.replyText(500, "delivery failed and no deadLetterSink is configured; the event was logged and "
                    + "dropped");
        } else {
            call.replyEmpty(200);
        }
    }

    private static boolean anyDropped(List<Acknowledgement> acknowledgements) {
        for (Acknowledgement acknowledgement : acknowledgements) {
            if (acknowledgement.outcome().orElse(null) == Acknowledgement.Outcome.DROPPED) {
                return true;
            }
        }
        return false;
    }
}
