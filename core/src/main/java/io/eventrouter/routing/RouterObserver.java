package io.eventrouter.routing;

import io.eventrouter.spi.DeliveryResult;

import java.time.Duration;

/**
 * Hears what happens to every event, for metrics, logs and the live viewer. Called on the router's threads: keep
 * implementations fast and never block.
 */
public interface RouterObserver {

    default void received(TrackedEvent event) {
    }

    /** A provider could not turn an input into an event. */
    default void providerError(String provider) {
    }

    default void filteredOut(String processor, TrackedEvent event) {
    }

    /**
     * The processor's filters matched but the processor itself did not want the event (no OpenFaaS function
     * subscribed to it, the EventBridge rule does not match). Counts as filtered out unless an observer cares.
     */
    default void declined(String processor, TrackedEvent event) {
        filteredOut(processor, event);
    }

    default void queued(String processor, TrackedEvent event) {
    }

    /** An attempt failed and another follows after {@code wait}. */
    default void retrying(String processor, TrackedEvent event, DeliveryResult result, int attempt, Duration wait) {
    }

    /** The event waits {@code wait} for the processor's {@code delivery.rateLimit} before its attempt. */
    default void rateLimited(String processor, TrackedEvent event, Duration wait) {
    }

    default void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
    }

    default void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
    }

    /** Retries were used up and no dead-letter sink took the event. */
    default void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
    }
}
