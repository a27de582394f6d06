package io.eventrouter.kafka;

import io.eventrouter.spi.DeliveryResult;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;

/** How a failed send counts for the router's delivery spec. */
final class SendFailures {

    private SendFailures() {
    }

    static DeliveryResult classify(Throwable failure) {
        String detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (failure instanceof RecordTooLargeException || failure instanceof SerializationException
                || failure instanceof InvalidTopicException) {
            // this event can never be written: straight to the dead-letter sink
            return DeliveryResult.rejected(0, detail);
        }
        if (failure instanceof TimeoutException || failure instanceof RetriableException) {
            // the cluster (or the partition's leader) cannot be reached or is busy: wait without using up retries
            return DeliveryResult.unavailable(0, detail, null);
        }
        // anything else (e.g. authentication or authorization failures) needs an operator: retried within the
        // budget, then dead-lettered
        return DeliveryResult.retryable(0, detail);
    }
}
