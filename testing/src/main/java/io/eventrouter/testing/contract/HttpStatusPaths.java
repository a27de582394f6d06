package io.eventrouter.testing.contract;

import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.testing.contract.ProcessorFailureContract.FailurePath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The answers every HTTP destination can give, with the class Knative's data-plane rules give them: 404, 408, 409
 * and 5xx retryable; 429 and 503 unavailable, keeping the destination's {@code Retry-After}; any other 4xx permanent.
 */
public final class HttpStatusPaths {

    /** Delivers one event to a destination that answers {@code status} with {@code headers}. */
    @FunctionalInterface
    public interface Answering {
        DeliveryResult deliver(int status, Map<String, String> headers) throws Exception;
    }

    private static final int[] RETRYABLE = {404, 408, 409, 500, 501, 502, 504, 507};
    private static final int[] PERMANENT = {400, 401, 403, 405, 410, 413, 415, 422, 431};
    private static final int[] UNAVAILABLE = {429, 503};

    private HttpStatusPaths() {
    }

    public static Stream<FailurePath> knativeRules(Answering destination) {
        List<FailurePath> paths = new ArrayList<>();
        for (int status : RETRYABLE) {
            paths.add(answer(destination, status, Status.RETRYABLE));
        }
        for (int status : PERMANENT) {
            paths.add(answer(destination, status, Status.REJECTED));
        }
        for (int status : UNAVAILABLE) {
            paths.add(answer(destination, status, Status.UNAVAILABLE));
            paths.add(new FailurePath("answers " + status + " with Retry-After: 7", Status.UNAVAILABLE,
                    Duration.ofSeconds(7), () -> destination.deliver(status, Map.of("Retry-After", "7"))));
        }
        return paths.stream();
    }

    private static FailurePath answer(Answering destination, int status, Status expected) {
        return FailurePath.of("answers " + status, expected, () -> destination.deliver(status, Map.of()));
    }
}
