package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter sink's own failures, sorted as a processor's: unavailable waits for the sink, retryable uses the
 * route's retry budget and then drops the event (logged in full), permanent drops it at once. Before, any failure but
 * a permanent one was retried for ever, so a sink that kept answering 500 held the processor's queue.
 */
class DeadLetterSinkFailuresTest {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private Router router;

    @AfterEach
    void stop() throws InterruptedException {
        if (router != null) {
            router.close(Duration.ofSeconds(1));
        }
    }

    /** A sink answering {@code answer} to its n-th write (1-based). */
    private static DeadLetterWriter sink(AtomicInteger writes, IntFunction<DeliveryResult> answer) {
        return new DeadLetterWriter() {
            @Override
            public DeliveryResult write(CloudEvent event) {
                return answer.apply(writes.incrementAndGet());
            }

            @Override
            public String describe() {
                return "scripted sink";
            }
        };
    }

    private Acknowledgement.Outcome deliver(DeadLetterWriter sink) throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.answer = event -> DeliveryResult.rejected(400, "refused");
        DeliveryPolicy policy = DeliveryPolicy.builder().retry(2).backoffDelay(Duration.ofMillis(10)).build();
        router = new Router(List.of(new Route("a", "test", EventFilter.ALL, processor, policy, sink)),
                new RouterObserver() {
                }, Clock.systemUTC(), waits::add);
        Acknowledgement ack = router.publisher("p").publish(TestEvents.event("1"), "k");
        ack.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return ack.outcome().orElseThrow();
    }

    @Test
    void aSinkThatKeepsFailingRetryablyDropsTheEventAfterTheRetryBudget() throws Exception {
        AtomicInteger writes = new AtomicInteger();

        assertThat(deliver(sink(writes, n -> DeliveryResult.retryable(500, "sink broken"))))
                .isEqualTo(Acknowledgement.Outcome.DROPPED);
        assertThat(writes).hasValue(1 + 2);
    }

    @Test
    void anUnavailableSinkIsWaitedForWithoutLimit() throws Exception {
        AtomicInteger writes = new AtomicInteger();

        assertThat(deliver(sink(writes, n -> n <= 8 ? DeliveryResult.unavailable(0, "refused", null)
                : DeliveryResult.delivered(0)))).isEqualTo(Acknowledgement.Outcome.DEAD_LETTERED);
        assertThat(writes).hasValue(9);
    }

    @Test
    void aSinkThatRefusesTheEventDropsItAtOnce() throws Exception {
        AtomicInteger writes = new AtomicInteger();

        assertThat(deliver(sink(writes, n -> DeliveryResult.rejected(413, "too large"))))
                .isEqualTo(Acknowledgement.Outcome.DROPPED);
        assertThat(writes).hasValue(1);
        assertThat(waits).isEmpty();
    }
}
