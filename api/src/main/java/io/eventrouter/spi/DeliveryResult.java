package io.eventrouter.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What one delivery attempt of one event to one destination came to.
 *
 * <p>{@link Status#UNAVAILABLE} means the destination could not take any event right now (connection refused,
 * 429, 503): the router keeps retrying without using up the event's retry budget, and backpressure builds up.
 * {@link Status#RETRYABLE} failures count against the budget; {@link Status#REJECTED} is final for this event.
 */
public record DeliveryResult(Status status, int statusCode, String detail, Duration retryAfter) {

    public enum Status { DELIVERED, RETRYABLE, UNAVAILABLE, REJECTED }

    public DeliveryResult {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static DeliveryResult delivered(int statusCode) {
        return new DeliveryResult(Status.DELIVERED, statusCode, "", null);
    }

    public static DeliveryResult retryable(int statusCode, String detail) {
        return new DeliveryResult(Status.RETRYABLE, statusCode, detail, null);
    }

    public static DeliveryResult unavailable(int statusCode, String detail, Duration retryAfter) {
        return new DeliveryResult(Status.UNAVAILABLE, statusCode, detail, retryAfter);
    }

    public static DeliveryResult rejected(int statusCode, String detail) {
        return new DeliveryResult(Status.REJECTED, statusCode, detail, null);
    }

    /** A network-level failure (no response): the destination is treated as unavailable. */
    public static DeliveryResult networkError(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new DeliveryResult(Status.UNAVAILABLE, 0, message, null);
    }

    /**
     * Classifies an HTTP response by the Knative data-plane rules: 2xx delivered; 429 and 503 unavailable;
     * 404, 408, 409 and other 5xx retryable; any other status rejected.
     */
    public static DeliveryResult fromHttpStatus(int statusCode, String detail, Duration retryAfter) {
        if (statusCode >= 200 && statusCode < 300) {
            return delivered(statusCode);
        }
        if (statusCode == 429 || statusCode == 503) {
            return unavailable(statusCode, detail, retryAfter);
        }
        if (statusCode == 404 || statusCode == 408 || statusCode == 409 || statusCode >= 500) {
            return new DeliveryResult(Status.RETRYABLE, statusCode, detail, retryAfter);
        }
        return rejected(statusCode, detail);
    }

    public boolean isDelivered() {
        return status == Status.DELIVERED;
    }
}
