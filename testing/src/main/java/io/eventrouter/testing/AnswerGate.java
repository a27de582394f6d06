package io.eventrouter.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a stand-in destination's answers back until the test lets them go, and tells the test when a request is
 * there: for what happens to work under way (a processor closed while its destination has not answered yet).
 */
public final class AnswerGate {

    /** How long a held answer waits at most, so that a failed test leaves no request hanging for ever. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(60);

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Called by the stand-in before it answers: says a request is there, then waits until released. */
    public void hold() throws InterruptedException {
        arrived.countDown();
        released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a request reached the stand-in within {@code timeout}. */
    public boolean awaitArrival(Duration timeout) throws InterruptedException {
        return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets every held answer (and every later one) go. */
    public void release() {
        released.countDown();
    }
}
