package io.eventrouter.routing;

import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link EventPublisher#tryPublishAll}: several events of one key, queued together, within the queue's limits. */
class PublishTogetherTest {

    private Router router;

    @AfterEach
    void stop() throws InterruptedException {
        router.close(Duration.ofSeconds(1));
    }

    private EventPublisher start(ScriptedProcessor processor, int maxQueuedEvents) {
        DeliveryPolicy policy = DeliveryPolicy.builder().retry(0).backoffPolicy(BackoffPolicy.EXPONENTIAL)
                .backoffDelay(Duration.ofMillis(10)).timeout(Duration.ofSeconds(5)).concurrency(2)
                .maxQueuedEvents(maxQueuedEvents).build();
        router = new Router(List.of(new Route("a", "test", EventFilter.ALL, processor, policy, null)),
                new RouterObserver() {
                });
        return router.publisher("p");
    }

    private static List<io.cloudevents.CloudEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> TestEvents.event(Integer.toString(i))).toList();
    }

    @Test
    void whenTheQueueIsFullTheEventsBeforeTheFirstWithoutRoomAreAccepted() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.gate = new Semaphore(0);
        EventPublisher publisher = start(processor, 3);

        List<Acknowledgement> accepted = publisher.tryPublishAll(events(5), "k", Duration.ofMillis(50));

        assertThat(accepted).hasSize(3);
        processor.gate.release(100);
        await().until(() -> accepted.stream().allMatch(Acknowledgement::isDone));
        assertThat(processor.delivered).containsExactly("0", "1", "2");
    }

    @Test
    void moreEventsThanTheQueueHoldsGoThroughWhenTheyCanDrain() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        EventPublisher publisher = start(processor, 2);

        List<Acknowledgement> accepted = publisher.tryPublishAll(events(6), "k", Duration.ofSeconds(5));

        assertThat(accepted).as("the first events are queued before waiting for room they free").hasSize(6);
        await().until(() -> accepted.stream().allMatch(Acknowledgement::isDone));
        assertThat(processor.delivered).containsExactly("0", "1", "2", "3", "4", "5");
    }
}
