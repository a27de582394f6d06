package io.eventrouter.http;

import io.eventrouter.spi.DeliveryResult;

import java.util.function.IntPredicate;

/**
 * Retry rules that retry only some HTTP statuses, within the retry budget, and take every other error status as
 * final: the original router's rules for its HTTP processors. Results without an HTTP status (connection failures,
 * timeouts, events that cannot be sent) keep their classification.
 */
public final class RetriedStatuses {

    private final IntPredicate retried;

    public RetriedStatuses(IntPredicate retried) {
        this.retried = retried;
    }

    public DeliveryResult apply(DeliveryResult result) {
        if (result.isDelivered() || result.statusCode() == 0) {
            return result;
        }
        return retried.test(result.statusCode())
                ? new DeliveryResult(DeliveryResult.Status.RETRYABLE, result.statusCode(), result.detail(),
                        result.retryAfter())
                : DeliveryResult.rejected(result.statusCode(), result.detail());
    }
}
