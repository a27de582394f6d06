package io.eventrouter.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.routing.TrackedEvent;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.FreePorts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Kafka processor against a real one-node KRaft cluster, read back with a consumer and the CloudEvents binding. */
class KafkaProcessorTest {

    private static final Duration READ = Duration.ofSeconds(30);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing.reversed()) {
            closeable.close();
        }
    }

    private static CloudEvent vmEvent(String source, String vm, int seq) {
        return CloudEventBuilder.v1().withId(source + "-" + seq).withSource(URI.create(source))
                .withType("com.vmware.event.router/event").withSubject("VmPoweredOnEvent")
                .withTime(OffsetDateTime.parse("2026-11-21T10:07:35.155Z")).withExtension("seq", seq)
                .withData("application/json", ("{\"Key\":" + seq + ",\"Vm\":{\"Name\":\"" + vm
                        + "\",\"Vm\":{\"Type\":\"VirtualMachine\",\"Value\":\"" + vm + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static String newTopic(int partitions) throws Exception {
        String topic = "events-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, partitions);
        return topic;
    }

    private EventProcessor processor(String yaml) throws ConfigException {
        EventProcessor processor = new KafkaProcessorFactory().create(ConfigSections.bind(yaml, KafkaConfig.class),
                ProcessorEnvironment.of("kafka-test"));
        closing.add(processor);
        return processor;
    }

    private EventProcessor processor(String topic, String extra) throws ConfigException {
        return processor("bootstrapServers: \"" + kafka.bootstrapServers() + "\"\ntopic: " + topic + "\n" + extra);
    }

    @ParameterizedTest(name = "encoding {0}")
    @ValueSource(strings = {"binary", "structured"})
    void eventsArriveAsCloudEventsInTheConfiguredMode(String encoding) throws Exception {
        String topic = newTopic(1);
        EventProcessor processor = processor(topic, "encoding: " + encoding);
        List<CloudEvent> events = List.of(vmEvent("https://vc1/sdk", "vm-1", 1), vmEvent("https://vc1/sdk", "vm-2", 2));

        assertThat(processor.deliverAll(events, Duration.ofSeconds(30))).allMatch(DeliveryResult::isDelivered);

        List<ConsumerRecord<String, CloudEvent>> records = kafka.read(topic, 2, READ);
        assertThat(records).hasSize(2);
        for (int i = 0; i < 2; i++) {
            CloudEvent sent = events.get(i);
            CloudEvent received = records.get(i).value();
            assertThat(received.getId()).isEqualTo(sent.getId());
            assertThat(received.getSource()).isEqualTo(sent.getSource());
            assertThat(received.getType()).isEqualTo(sent.getType());
            assertThat(received.getSubject()).isEqualTo(sent.getSubject());
            assertThat(received.getTime()).isEqualTo(sent.getTime());
            assertThat(String.valueOf(received.getExtension("seq"))).isEqualTo(String.valueOf(i + 1));
            assertThat(new String(received.getData().toBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(sent.getData().toBytes(), StandardCharsets.UTF_8));
            assertThat(records.get(i).key()).isEqualTo("https://vc1/sdk");
            Map<String, String> headers = headers(records.get(i).headers());
            if (encoding.equals("binary")) {
                assertThat(headers).containsEntry("ce_id", sent.getId()).containsEntry("content-type", "application/json");
            } else {
                assertThat(headers).doesNotContainKey("ce_id");
                assertThat(headers.get("content-type")).startsWith("application/cloudevents+json");
            }
        }
    }

    private static Map<String, String> headers(Iterable<Header> headers) {
        Map<String, String> map = new java.util.HashMap<>();
        headers.forEach(h -> map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return map;
    }

    @Test
    void eachSourceStaysInOnePartitionInPublishOrderThroughTheRouter() throws Exception {
        String topic = newTopic(4);
        Router router = router(processor(topic, "maxBatchEvents: 50"), new RouterObserver() {
        });
        List<String> sources = List.of("https://vc1/sdk", "https://vc2/sdk", "https://vc3/sdk");
        List<Acknowledgement> acks = new ArrayList<>();
        for (int seq = 1; seq <= 300; seq++) {
            String source = sources.get(seq % 3);
            EventPublisher publisher = router.publisher(source);
            acks.add(publisher.publish(vmEvent(source, "vm-" + seq % 7, seq), source));
        }
        await().atMost(READ).until(() -> acks.stream().allMatch(Acknowledgement::isDone));

        List<ConsumerRecord<String, CloudEvent>> records = kafka.read(topic, 300, READ);
        assertThat(records).hasSize(300);
        Map<String, List<ConsumerRecord<String, CloudEvent>>> bySource = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(bySource).containsOnlyKeys(sources);
        bySource.forEach((source, ofSource) -> {
            assertThat(ofSource).extracting(ConsumerRecord::partition).containsOnly(ofSource.getFirst().partition());
            List<Integer> seqs = ofSource.stream().map(r -> seq(r)).toList();
            assertThat(seqs).isSorted().hasSize(100);
        });
    }

    @Test
    void anEntityPartOfTheKeySpreadsASourceButKeepsEachVmInOrder() throws Exception {
        String topic = newTopic(4);
        EventProcessor processor = processor(topic, "partitionKey: [source, /Vm/Vm/Value]");
        List<CloudEvent> events = new ArrayList<>();
        for (int seq = 1; seq <= 200; seq++) {
            events.add(vmEvent("https://vc1/sdk", "vm-" + seq % 10, seq));
        }
        assertThat(processor.deliverAll(events, Duration.ofSeconds(30))).allMatch(DeliveryResult::isDelivered);

        List<ConsumerRecord<String, CloudEvent>> records = kafka.read(topic, 200, READ);
        assertThat(records).extracting(ConsumerRecord::key).contains("https://vc1/sdk|vm-3");
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
        records.stream().collect(Collectors.groupingBy(ConsumerRecord::key)).forEach((key, ofVm) -> {
            assertThat(ofVm).extracting(ConsumerRecord::partition).containsOnly(ofVm.getFirst().partition());
            assertThat(ofVm.stream().map(r -> seq(r)).toList()).isSorted();
        });
    }

    @Test
    void nothingIsAcknowledgedWhileKafkaCannotBeReached() throws Exception {
        EventProcessor down = processor("bootstrapServers: \"127.0.0.1:" + FreePorts.next() + "\"\ntopic: t\n"
                + "properties: {max.block.ms: 300, reconnect.backoff.max.ms: 100}");
        List<DeliveryResult> results = down.deliverAll(List.of(vmEvent("https://vc1/sdk", "vm-1", 1),
                vmEvent("https://vc1/sdk", "vm-1", 2)), Duration.ofSeconds(5));
        assertThat(results).extracting(DeliveryResult::status).containsOnly(DeliveryResult.Status.UNAVAILABLE);
        assertThat(results.get(1).detail()).contains("not sent");

        List<String> retries = new CopyOnWriteArrayList<>();
        Router router = router(down, new RouterObserver() {
            @Override
            public void retrying(String route, TrackedEvent event, DeliveryResult result, int attempts, Duration wait) {
                retries.add(result.status().name());
            }
        });
        Acknowledgement ack = router.publisher("vc1").publish(vmEvent("https://vc1/sdk", "vm-1", 3), "vc1");
        await().atMost(READ).until(() -> retries.size() >= 2);
        assertThat(ack.isDone()).isFalse();
        assertThat(retries).containsOnly("UNAVAILABLE");
    }

    @Test
    void anEventTooLargeForKafkaIsRejectedAndTheLaterOnesFollowInOrder() throws Exception {
        String topic = newTopic(1);
        EventProcessor processor = processor(topic, "properties: {max.request.size: 4096}");
        CloudEvent big = CloudEventBuilder.v1(vmEvent("https://vc1/sdk", "vm-1", 1))
                .withData("application/json", ("\"" + "x".repeat(8000) + "\"").getBytes(StandardCharsets.UTF_8))
                .build();
        List<CloudEvent> events = List.of(vmEvent("https://vc1/sdk", "vm-1", 0), big, vmEvent("https://vc1/sdk", "vm-1", 2));

        List<DeliveryResult> direct = processor.deliverAll(events, Duration.ofSeconds(30));
        assertThat(direct).extracting(DeliveryResult::status).containsExactly(DeliveryResult.Status.DELIVERED,
                DeliveryResult.Status.REJECTED, DeliveryResult.Status.UNAVAILABLE);
        assertThat(direct.get(1).detail()).contains("RecordTooLargeException");

        EventPublisher publisher = router(processor, new RouterObserver() {
        }).publisher("vc1");
        List<Acknowledgement> acks = new ArrayList<>();
        for (CloudEvent event : events) {
            acks.add(publisher.publish(event, "vc1"));
        }
        await().atMost(READ).until(() -> acks.stream().allMatch(Acknowledgement::isDone));
        assertThat(acks).extracting(ack -> ack.outcome().orElseThrow()).containsExactly(Acknowledgement.Outcome.DELIVERED,
                Acknowledgement.Outcome.DROPPED, Acknowledgement.Outcome.DELIVERED);
        assertThat(kafka.read(topic, 3, READ)).extracting(KafkaProcessorTest::seq).containsExactly(0, 0, 2);
    }

    /** The seq extension; binary mode carries extensions as ce_ headers, so they come back as strings. */
    private static int seq(ConsumerRecord<String, CloudEvent> record) {
        return Integer.parseInt(String.valueOf(record.value().getExtension("seq")));
    }

    private Router router(EventProcessor processor, RouterObserver observer) {
        DeliveryPolicy spec = DeliveryPolicy.builder().retry(3).backoffPolicy(BackoffPolicy.EXPONENTIAL)
                .backoffDelay(Duration.ofMillis(50)).backoffMax(Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(10)).concurrency(8).maxQueuedEvents(10_000).maxQueuedBytes(64L << 20)
                .build();
        Router router = new Router(List.of(new Route("kafka", "kafka", EventFilter.ALL, processor, spec, null)),
                observer, Clock.systemUTC(), null);
        closing.add(() -> router.close(Duration.ofSeconds(1)));
        return router;
    }
}
