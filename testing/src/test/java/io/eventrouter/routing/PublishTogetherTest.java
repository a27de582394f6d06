package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.testing.RecordingProcessor;
import io.eventrouter.testing.RouterHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link EventPublisher#tryPublishAll}: several events of one key, queued together, within the queue's limits. */
class PublishTogetherTest {

    private RouterHarness router;

    @AfterEach
    void stop() throws InterruptedException {
        router.close();
    }

    private EventPublisher start(RecordingProcessor processor, int maxQueuedEvents) {
        DeliveryPolicy policy = DeliveryPolicy.builder().retry(0).backoffPolicy(BackoffPolicy.EXPONENTIAL)
                .backoffDelay(Duration.ofMillis(10)).timeout(Duration.ofSeconds(5)).concurrency(2)
                .maxQueuedEvents(maxQueuedEvents).build();
        router = RouterHarness.to(processor).named("a", "test").delivery(policy).start();
        return router.publisher("p");
    }

    private static List<CloudEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> event(Integer.toString(i))).toList();
    }

    private static CloudEvent event(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType("test.event")
                .withSubject("Subject" + id).withDataContentType("application/json")
                .withData(("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)).build();
    }

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getId).toList();
    }

    @Test
    void whenTheQueueIsFullTheEventsBeforeTheFirstWithoutRoomAreAccepted() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        Semaphore gate = new Semaphore(0);
        processor.answerWith(event -> {
            gate.acquireUninterruptibly();
            return DeliveryResult.delivered(202);
        });
        EventPublisher publisher = start(processor, 3);

        List<Acknowledgement> accepted = publisher.tryPublishAll(events(5), "k", Duration.ofMillis(50));

        assertThat(accepted).hasSize(3);
        gate.release(100);
        await().until(() -> accepted.stream().allMatch(Acknowledgement::isDone));
        assertThat(ids(processor.delivered())).containsExactly("0", "1", "2");
    }

    @Test
    void moreEventsThanTheQueueHoldsGoThroughWhenTheyCanDrain() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        EventPublisher publisher = start(processor, 2);

        List<Acknowledgement> accepted = publisher.tryPublishAll(events(6), "k", Duration.ofSeconds(5));

        assertThat(accepted).as("the first events are queued before waiting for room they free").hasSize(6);
        await().until(() -> accepted.stream().allMatch(Acknowledgement::isDone));
        assertThat(ids(processor.delivered())).containsExactly("0", "1", "2", "3", "4", "5");
    }
}
