package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.config.DeliverySpec;
import io.eventrouter.deadletter.ErrorExtensions;
import io.eventrouter.spi.DeliveryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Delivers one event to one route: attempts with backoff by the delivery spec, then the dead-letter sink. Sequential,
 * blocking code on the caller's (virtual) thread.
 */
final class DeliveryAttempts {

    /** How an event left this route. */
    enum Outcome { DELIVERED, DEAD_LETTERED, DROPPED, ABANDONED }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempts.class);
    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final Route route;
    private final RouterObserver observer;
    private final Sleeper sleeper;
    private final BooleanSupplier stopping;

    DeliveryAttempts(Route route, RouterObserver observer, Sleeper sleeper, BooleanSupplier stopping) {
        this.route = route;
        this.observer = observer;
        this.sleeper = sleeper;
        this.stopping = stopping;
    }

    /** Returns {@link Outcome#ABANDONED} when the router stops first: the event stays un-acknowledged. */
    Outcome deliver(TrackedEvent tracked) {
        DeliverySpec spec = route.delivery();
        int attempts = 0;
        int retriesUsed = 0;
        int unavailableStreak = 0;
        try {
            while (true) {
                if (stopping.getAsBoolean()) {
                    return Outcome.ABANDONED;
                }
                attempts++;
                DeliveryResult result = attempt(tracked.event(), spec.timeout());
                Duration wait;
                switch (result.status()) {
                    case DELIVERED -> {
                        observer.delivered(route.name(), tracked, result, attempts);
                        return Outcome.DELIVERED;
                    }
                    case REJECTED -> {
                        return deadLetter(tracked, result);
                    }
                    case RETRYABLE -> {
                        unavailableStreak = 0;
                        retriesUsed++;
                        if (retriesUsed > spec.retry()) {
                            return deadLetter(tracked, result);
                        }
                        wait = waitFor(result, spec.backoff(retriesUsed), spec);
                    }
                    default -> {
                        unavailableStreak++;
                        wait = waitFor(result, spec.backoff(Math.min(unavailableStreak, 30)), spec);
                    }
                }
                observer.retrying(route.name(), tracked, result, attempts, wait);
                sleeper.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.ABANDONED;
        }
    }

    private DeliveryResult attempt(CloudEvent event, Duration timeout) throws InterruptedException {
        try {
            return route.processor().deliver(event, timeout);
        } catch (RuntimeException e) {
            LOG.warn("processor {} failed on event {}: {}", route.name(), event.getId(), e.toString());
            return DeliveryResult.retryable(0, e.toString());
        }
    }

    private static Duration waitFor(DeliveryResult result, Duration backoff, DeliverySpec spec) {
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
        while (!stopping.getAsBoolean()) {
            DeliveryResult result = route.deadLetter().write(marked);
            if (result.isDelivered()) {
                observer.deadLettered(route.name(), tracked, last, route.deadLetter().describe());
                return Outcome.DEAD_LETTERED;
            }
            if (result.status() == DeliveryResult.Status.REJECTED) {
                observer.dropped(route.name(), tracked, last);
                LOG.error("dead-letter sink {} rejected event {} (status {}); event: {}", route.deadLetter().describe(),
                        tracked.event().getId(), result.statusCode(),
                        new String(JSON.serialize(marked), StandardCharsets.UTF_8));
                return Outcome.DROPPED;
            }
            streak++;
            LOG.warn("dead-letter sink {} failed ({}); retrying", route.deadLetter().describe(), abbreviate(result.detail()));
            sleeper.sleep(waitFor(result, route.delivery().backoff(Math.min(streak, 30)), route.delivery()));
        }
        return Outcome.ABANDONED;
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
