package io.eventrouter.testing;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RouterHarness} with one processor and a delivery policy, whose backoff waits are recorded instead of
 * slept: retry tests see every wait the policy asks for and still run in milliseconds.
 */
public final class OneRoute implements AutoCloseable {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final RouterHarness router;

    public OneRoute(EventProcessor processor, DeliveryPolicy policy) {
        this(processor, policy, null);
    }

    /** @param deadLetters where events go that failed for good, or null to log and drop them */
    public OneRoute(EventProcessor processor, DeliveryPolicy policy, DeadLetterWriter deadLetters) {
        this.router = RouterHarness.to(processor).named("processor", "test").delivery(policy)
                .deadLetters(deadLetters).sleeper(waits::add).closeGrace(Duration.ofSeconds(2)).start();
    }

    /** Publishes {@code event} and waits (at most 30 s) until the router is done with it. */
    public Acknowledgement.Outcome deliver(CloudEvent event) throws Exception {
        return await(publish(event));
    }

    /** Publishes without waiting; all events of this route share one ordering lane. */
    public Acknowledgement publish(CloudEvent event) throws InterruptedException {
        return router.publisher("test").publish(event, "one-lane");
    }

    /** Waits (at most 30 s) until the router is done with the event. */
    public static Acknowledgement.Outcome await(Acknowledgement ack) throws Exception {
        ack.done().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return ack.outcome().orElseThrow();
    }

    /** The backoff waits asked for so far, in order. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    @Override
    public void close() throws InterruptedException {
        router.close();
    }
}
