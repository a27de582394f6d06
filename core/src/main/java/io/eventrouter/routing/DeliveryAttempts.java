package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.ErrorExtensions;
import io.eventrouter.retry.Sleeper;
import io.eventrouter.spi.DeliveryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Delivers a batch of consecutive events of one lane to one route: attempts with backoff by the delivery spec, each
 * event with its own retry budget, then the dead-letter sink. Sequential, blocking code on the caller's virtual thread.
 */
final class DeliveryAttempts {

    /** How an event left this route. */
    enum Outcome { DELIVERED, DEAD_LETTERED, DROPPED, ABANDONED }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempts.class);
    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /** Retry bookkeeping of one event. */
    private static final class Progress {
        int attempts;
        int retriesUsed;
        int unavailableStreak;
    }

    private final Route route;
    private final RouterObserver observer;
    private final Sleeper sleeper;
    private final BooleanSupplier stopping;
    private final RateLimiter rateLimiter;

    /** @param rateLimiter the route's, shared by its workers; {@code null} for no limit */
    DeliveryAttempts(Route route, RouterObserver observer, Sleeper sleeper, BooleanSupplier stopping,
                     RateLimiter rateLimiter) {
        this.route = route;
        this.observer = observer;
        this.sleeper = sleeper;
        this.stopping = stopping;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Delivers {@code batch} and returns each event's outcome, in order. {@link Outcome#ABANDONED} means the router
     * stopped first: the event stays un-acknowledged.
     */
    List<Outcome> deliver(List<TrackedEvent> batch) {
        DeliveryPolicy spec = route.delivery();
        Map<TrackedEvent, Outcome> outcomes = new IdentityHashMap<>();
        Map<TrackedEvent, Progress> progress = new IdentityHashMap<>();
        batch.forEach(event -> progress.put(event, new Progress()));
        List<TrackedEvent> pending = new ArrayList<>(batch);
        try {
            while (!pending.isEmpty() && !stopping.getAsBoolean()) {
                if (!waitForRate(pending)) {
                    break;
                }
                List<DeliveryResult> results = attempt(pending, spec.timeout());
                List<TrackedEvent> again = new ArrayList<>();
                Duration wait = Duration.ZERO;
                for (int i = 0; i < pending.size(); i++) {
                    TrackedEvent event = pending.get(i);
                    DeliveryResult result = results.get(i);
                    Progress p = progress.get(event);
                    p.attempts++;
                    Duration eventWait = null;
                    switch (result.status()) {
                        case DELIVERED -> {
                            observer.delivered(route.name(), event, result, p.attempts);
                            outcomes.put(event, Outcome.DELIVERED);
                        }
                        case REJECTED -> {
                            // retrying cannot help (a 4xx, an event the destination can never take): say so once
                            LOG.warn("event {} from {} failed for good at {} (status {}: {}); not retried",
                                    event.event().getId(), event.event().getSource(), route.name(),
                                    result.statusCode(), abbreviate(result.detail()));
                            outcomes.put(event, deadLetter(event, result));
                        }
                        case RETRYABLE -> {
                            p.unavailableStreak = 0;
                            p.retriesUsed++;
                            if (p.retriesUsed > spec.retry()) {
                                outcomes.put(event, deadLetter(event, result));
                            } else {
                                eventWait = waitFor(result, spec.backoff(p.retriesUsed), spec);
                            }
                        }
                        case UNAVAILABLE -> {
                            p.unavailableStreak++;
                            eventWait = waitFor(result, spec.backoff(Math.min(p.unavailableStreak, 30)), spec);
                        }
                    }
                    if (eventWait != null) {
                        observer.retrying(route.name(), event, result, p.attempts, eventWait);
                        again.add(event);
                        wait = eventWait.compareTo(wait) > 0 ? eventWait : wait;
                    }
                }
                pending = again;
                if (!pending.isEmpty()) {
                    sleeper.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return batch.stream().map(event -> outcomes.getOrDefault(event, Outcome.ABANDONED)).toList();
    }

    /** Waits until {@code events} may go by the rate limit; false when the router stopped meanwhile. */
    private boolean waitForRate(List<TrackedEvent> events) throws InterruptedException {
        if (rateLimiter == null) {
            return true;
        }
        Duration wait = rateLimiter.reserve(events.size());
        if (wait.isZero()) {
            return true;
        }
        events.forEach(event -> observer.rateLimited(route.name(), event, wait));
        sleeper.sleep(wait);
        return !stopping.getAsBoolean();
    }

    private List<DeliveryResult> attempt(List<TrackedEvent> events, Duration timeout) throws InterruptedException {
        try {
            if (events.size() == 1) {
                return List.of(route.processor().deliver(events.getFirst().event(), timeout));
            }
            List<CloudEvent> cloudEvents = events.stream().map(TrackedEvent::event).toList();
            List<DeliveryResult> results = route.processor().deliverAll(cloudEvents, timeout);
            if (results.size() != events.size()) {
                throw new IllegalStateException("processor returned " + results.size() + " results for "
                        + events.size() + " events");
            }
            return results;
        } catch (RuntimeException e) {
            LOG.warn("processor {} failed: {}", route.name(), e.toString());
            DeliveryResult failed = DeliveryResult.retryable(0, e.toString());
            return events.stream().map(event -> failed).toList();
        }
    }

    private static Duration waitFor(DeliveryResult result, Duration backoff, DeliveryPolicy spec) {
        Duration wait = result.retryAfter() != null && result.retryAfter().compareTo(backoff) > 0
                ? result.retryAfter() : backoff;
        return wait.compareTo(spec.backoffMax()) > 0 ? spec.backoffMax() : wait;
    }

    private Outcome deadLetter(TrackedEvent tracked, DeliveryResult last) throws InterruptedException {
        if (route.deadLetter() == null) {
            observer.dropped(route.name(), tracked, last);
            LOG.error("dropping event after failed delivery to {} (status {}: {}); no deadLetterSink is configured; "
                            + "event: {}", route.name(), last.statusCode(), abbreviate(last.detail()),
                    new String(JSON.serialize(tracked.event()), StandardCharsets.UTF_8));
            return Outcome.DROPPED;
        }
        CloudEvent marked = ErrorExtensions.mark(tracked.event(), route.processor().describe(), last);
        int streak = 0;
        int retries = 0;
        while (!stopping.getAsBoolean()) {
            DeliveryResult result = route.deadLetter().write(marked);
            if (result.isDelivered()) {
                observer.deadLettered(route.name(), tracked, last, route.deadLetter().describe());
                return Outcome.DEAD_LETTERED;
            }
            // the sink as the processor: unavailable waits for it; retryable uses the same budget; permanent drops
            boolean retryable = result.status() == DeliveryResult.Status.RETRYABLE;
            if (result.status() == DeliveryResult.Status.REJECTED
                    || (retryable && ++retries > route.delivery().retry())) {
                observer.dropped(route.name(), tracked, last);
                LOG.error("dead-letter sink {} did not take event {} (status {}: {}); event: {}",
                        route.deadLetter().describe(), tracked.event().getId(), result.statusCode(),
                        abbreviate(result.detail()), new String(JSON.serialize(marked), StandardCharsets.UTF_8));
                return Outcome.DROPPED;
            }
            streak++;
            LOG.warn("dead-letter sink {} failed ({}); retrying", route.deadLetter().describe(), abbreviate(result.detail()));
            Duration backoff = route.delivery().backoff(retryable ? retries : Math.min(streak, 30));
            sleeper.sleep(waitFor(result, backoff, route.delivery()));
        }
        return Outcome.ABANDONED;
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
