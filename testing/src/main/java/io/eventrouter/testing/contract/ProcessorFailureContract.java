package io.eventrouter.testing.contract;

import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The failure contract every processor runs: each way a delivery can fail is sorted on purpose into
 * {@link Status#RETRYABLE retryable} (may work next time: within the retry budget), {@link Status#REJECTED permanent}
 * (cannot work: dead-lettered or dropped at once) or {@link Status#UNAVAILABLE unavailable} (the destination cannot
 * take any event now: the queue waits without using up retries). A processor's test extends this class and lists
 * its failure paths against a real or protocol-true stand-in destination; {@link HttpStatusPaths} has the ones every
 * HTTP destination shares.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProcessorFailureContract {

    /** One attempt that fails in one particular way. */
    @FunctionalInterface
    public interface Attempt {
        DeliveryResult run() throws Exception;
    }

    /**
     * One failure path and the class it must get.
     *
     * @param retryAfter the wait the result must carry (a destination's {@code Retry-After}), or null to not check
     */
    public record FailurePath(String name, Status expected, Duration retryAfter, Attempt attempt) {

        public static FailurePath of(String name, Status expected, Attempt attempt) {
            return new FailurePath(name, expected, null, attempt);
        }

        @Override
        public String toString() {
            return name + " -> " + expected.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every failure path of the processor under test. */
    protected abstract Stream<FailurePath> failurePaths() throws Exception;

    @ParameterizedTest(name = "{0}")
    @MethodSource("failurePaths")
    void everyFailurePathIsSortedOnPurpose(FailurePath path) throws Exception {
        DeliveryResult result = path.attempt().run();
        assertEquals(path.expected(), result.status(), () -> path.name() + ": got " + result);
        if (path.retryAfter() != null) {
            assertEquals(path.retryAfter(), result.retryAfter(), () -> path.name() + ": Retry-After kept");
        }
    }
}
