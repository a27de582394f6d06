package io.eventrouter.knative;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.RouterHarness;
import io.eventrouter.testing.VcenterEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code batch}: events of one lane go out in CloudEvents batched mode, read back by a receiver that parses every
 * element with the CloudEvents SDK's JSON format; a batch is acknowledged, retried and given up as a whole.
 */
class KnativeBatchTest {

    private static final DeliveryPolicy QUICK_RETRIES = DeliveryPolicy.builder().retry(2)
            .backoffPolicy(BackoffPolicy.LINEAR).backoffDelay(Duration.ofMillis(10)).backoffMax(Duration.ofMillis(50))
            .timeout(Duration.ofSeconds(5)).concurrency(4).maxQueuedEvents(1000).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudEventsReceiver receiver = CloudEventsReceiver.start();
    private EventProcessor knative;
    private RouterHarness router;

    KnativeBatchTest() throws Exception {
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (router != null) {
            router.close();
        }
        if (knative != null) {
            knative.close();
        }
        receiver.close();
    }

    private EventPublisher start(String batch) throws ConfigException {
        KnativeConfig config = ConfigSections.bind("""
                destination: {uri: "%s"}
                encoding: binary
                %s
                """.formatted(receiver.uri(), batch), KnativeConfig.class);
        knative = new KnativeProcessorFactory().create(config, new ProcessorEnvironment("knative",
                ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC(), new KubernetesAddressResolver()));
        router = RouterHarness.to(knative).named("knative", "knative").delivery(QUICK_RETRIES).start();
        return router.publisher("test");
    }

    private static List<CloudEvent> events(int count) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(VcenterEvents.vmEvent("VmPoweredOnEvent", "vm-" + i, i));
        }
        return events;
    }

    private static void awaitAll(List<Acknowledgement> acks) throws Exception {
        CompletableFuture.allOf(acks.stream().map(a -> a.done().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void eventsQueuedTogetherGoOutInBatchesOfMaxEventsInOrder() throws Exception {
        EventPublisher publisher = start("batch: {maxEvents: 10}");
        List<CloudEvent> events = events(25);

        List<Acknowledgement> acks = publisher.tryPublishAll(events, "vcenter-1", Duration.ofSeconds(1));
        awaitAll(acks);

        assertThat(acks).hasSize(25).allSatisfy(ack ->
                assertThat(ack.outcome()).contains(Acknowledgement.Outcome.DELIVERED));
        assertThat(receiver.batchCount()).as("10 + 10 + 5").isEqualTo(3);
        assertThat(receiver.unparsable()).isEmpty();
        assertThat(receiver.received()).allSatisfy(r -> {
            assertThat(r.mode()).isEqualTo("batch");
            assertThat(r.headers().get("content-type")).startsWith("application/cloudevents-batch+json");
        });
        assertThat(receiver.events()).extracting(CloudEvent::getId)
                .containsExactlyElementsOf(events.stream().map(CloudEvent::getId).toList());
        CloudEvent first = receiver.events().getFirst();
        assertThat(first.getSubject()).isEqualTo("VmPoweredOnEvent");
        assertThat(first.getExtension("vsphereapiversion")).isEqualTo("6.7.3");
        assertThat(JSON.readTree(first.getData().toBytes())).as("the data, as JSON (structured mode embeds it)")
                .isEqualTo(JSON.readTree(events.getFirst().getData().toBytes()));
    }

    @Test
    void aSingleEventGoesAsABatchOfOne() throws Exception {
        EventPublisher publisher = start("batch: {maxEvents: 10}");
        CloudEvent event = events(1).getFirst();

        awaitAll(List.of(publisher.publish(event, null)));

        assertThat(receiver.batchCount()).isEqualTo(1);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.mode()).isEqualTo("batch");
            assertThat(r.event().getId()).isEqualTo(event.getId());
        });
    }

    @Test
    void withoutBatchEveryEventIsItsOwnBinaryRequest() throws Exception {
        EventPublisher publisher = start("");
        List<Acknowledgement> acks = publisher.tryPublishAll(events(5), "vcenter-1", Duration.ofSeconds(1));
        awaitAll(acks);

        assertThat(receiver.batchCount()).isZero();
        assertThat(receiver.requestCount()).isEqualTo(5);
        assertThat(receiver.received()).extracting(CloudEventsReceiver.Received::mode).containsOnly("binary");
    }

    @Test
    void aFailedBatchIsRetriedWholeAndEveryEventCountsOnce() throws Exception {
        EventPublisher publisher = start("batch: {maxEvents: 10}");
        AtomicInteger answers = new AtomicInteger();
        // the first request's first event fails it: 503 for the whole batch, then it goes through
        receiver.respondWith(event -> answers.getAndIncrement() == 0
                ? CloudEventsReceiver.Reply.of(500) : CloudEventsReceiver.Reply.of(202));
        List<CloudEvent> events = events(4);

        List<Acknowledgement> acks = publisher.tryPublishAll(events, "vcenter-1", Duration.ofSeconds(1));
        awaitAll(acks);

        assertThat(acks).allSatisfy(ack -> assertThat(ack.outcome()).contains(Acknowledgement.Outcome.DELIVERED));
        assertThat(receiver.batchCount()).as("the failed batch, then its retry").isEqualTo(2);
        assertThat(receiver.events()).extracting(CloudEvent::getId)
                .containsExactlyElementsOf(events.stream().map(CloudEvent::getId).toList());
    }

    @Test
    void aBatchRefusedForGoodGivesUpEveryEventInIt() throws Exception {
        EventPublisher publisher = start("batch: {maxEvents: 3}");
        List<CloudEvent> events = events(6);
        String poisoned = events.get(4).getId();
        receiver.respondWith(event -> event.getId().equals(poisoned)
                ? CloudEventsReceiver.Reply.of(400) : CloudEventsReceiver.Reply.of(202));

        List<Acknowledgement> acks = publisher.tryPublishAll(events, "vcenter-1", Duration.ofSeconds(1));
        awaitAll(acks);

        assertThat(acks.subList(0, 3)).allSatisfy(ack ->
                assertThat(ack.outcome()).contains(Acknowledgement.Outcome.DELIVERED));
        assertThat(acks.subList(3, 6)).as("the batch holding the refused event, not only that event").allSatisfy(ack ->
                assertThat(ack.outcome()).contains(Acknowledgement.Outcome.DROPPED));
        assertThat(receiver.events()).extracting(CloudEvent::getId)
                .containsExactlyElementsOf(events.subList(0, 3).stream().map(CloudEvent::getId).toList());
    }

    @Test
    void maxDelayLetsEventsPublishedOneByOneFillABatch() throws Exception {
        EventPublisher publisher = start("batch: {maxEvents: 5, maxDelay: 5s}");
        List<Acknowledgement> acks = new ArrayList<>();
        for (CloudEvent event : events(5)) {
            acks.add(publisher.publish(event, "vcenter-1"));
        }
        awaitAll(acks);

        assertThat(receiver.batchCount()).as("the worker waited for the lane to fill").isEqualTo(1);
        assertThat(receiver.events()).hasSize(5);
    }

    @Test
    void maxDelaySendsABatchThatDoesNotFillOnceItIsOver() throws Exception {
        EventPublisher publisher = start("batch: {maxEvents: 100, maxDelay: 200ms}");
        Acknowledgement ack = publisher.publish(events(1).getFirst(), "vcenter-1");

        await().atMost(Duration.ofSeconds(5)).until(ack::isDone);
        assertThat(receiver.batchCount()).isEqualTo(1);
    }

    @Test
    void batchSettingsAreChecked() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                destination: {uri: "http://127.0.0.1:1/"}
                batch: {maxEvents: 0}
                """, KnativeConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch.maxEvents").hasMessageContaining("must be 1 to 10000");
    }
}
