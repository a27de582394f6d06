package io.eventrouter.bench.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.kafka.EmbeddedKafka;
import io.eventrouter.kafka.KafkaConfig;
import io.eventrouter.kafka.KafkaProcessorFactory;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.VcenterEvents;
import org.apache.kafka.clients.admin.Admin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Events per second into Kafka through the router (sources publishing to a {@link Router} with the real Kafka
 * processor) next to the raw rate of a bare {@code KafkaProducer} with the same settings writing the same records,
 * in alternating rounds of one run against one broker (the machine is shared, so the ratio is the figure to read).
 * Both sides wait until Kafka acknowledged every event.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.eventrouter.bench.kafka.KafkaThroughput
 * [events=100000] [sources=4] [rounds=3] [partitions=4] [bootstrapServers]}; without bootstrap servers it starts a
 * one-node KRaft cluster in this process (which then shares the CPUs with the producer).
 */
public final class KafkaThroughput {

    static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sources = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        EmbeddedKafka embedded = args.length > 4 ? null : EmbeddedKafka.start();
        String bootstrap = args.length > 4 ? args[4] : embedded.bootstrapServers();
        try {
            List<CloudEvent> payloads = payloads(events, sources);
            System.out.printf("%d events of %d bytes of data from %d sources, %d partitions, %s broker, java %s, "
                            + "%d cpus%n", events, payloads.getFirst().getData().toBytes().length, sources, partitions,
                    embedded != null ? "embedded" : bootstrap, Runtime.version(),
                    Runtime.getRuntime().availableProcessors());
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                String topic = "throughput-" + round;
                createTopic(embedded, bootstrap, topic, partitions);
                // Kafka's default delivery timeout on both sides: a starved machine must not expire records
                KafkaConfig config = ConfigSections.bind("bootstrapServers: \"" + bootstrap + "\"\ntopic: " + topic
                        + "\nproperties: {delivery.timeout.ms: " + DELIVERY_TIMEOUT.toMillis() + "}", KafkaConfig.class);
                double raw = RawProducer.run(config, payloads);
                double routed = routed(config, payloads, sources);
                if (round == 0) {
                    System.out.printf("warm-up: raw producer %.0f events/s, router %.0f events/s%n", raw, routed);
                    continue;
                }
                ratios.add(routed / raw);
                System.out.printf("round %d: raw producer %.0f events/s, router -> kafka processor %.0f events/s, "
                        + "ratio %.2f%n", round, raw, routed, routed / raw);
            }
            ratios.sort(Double::compare);
            System.out.printf("median ratio router/raw: %.2f%n", ratios.get(ratios.size() / 2));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** vCenter-shaped events, spread round-robin over the sources (each source is one vCenter, one lane). */
    static List<CloudEvent> payloads(int count, int sources) {
        List<CloudEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CloudEvent event = VcenterEvents.vmEvent("VmPoweredOnEvent", "vm-" + (i % 500), i);
            events.add(CloudEventBuilder.v1(event).withSource(URI.create("https://vc-" + (i % sources) + ".local/sdk"))
                    .build());
        }
        return events;
    }

    private static void createTopic(EmbeddedKafka embedded, String bootstrap, String topic, int partitions)
            throws Exception {
        if (embedded != null) {
            embedded.createTopic(topic, partitions);
        } else {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                EmbeddedKafka.createTopic(admin, topic, partitions);
            }
        }
    }

    /** One publishing thread per source, as providers do; done when every event is acknowledged. */
    private static double routed(KafkaConfig config, List<CloudEvent> payloads, int sources) throws Exception {
        EventProcessor processor = new KafkaProcessorFactory().create(config, ProcessorEnvironment.of("bench"));
        DeliveryPolicy spec = DeliveryPolicy.builder().retry(10).backoffPolicy(BackoffPolicy.EXPONENTIAL)
                .backoffDelay(Duration.ofMillis(100)).backoffMax(Duration.ofSeconds(5)).timeout(DELIVERY_TIMEOUT)
                .concurrency(16).maxQueuedEvents(10_000).maxQueuedBytes(64L << 20).build();
        Router router = new Router(List.of(new Route("kafka", "kafka", EventFilter.ALL, processor, spec, null)),
                new RouterObserver() {
                }, Clock.systemUTC(), null);
        CountDownLatch acknowledged = new CountDownLatch(payloads.size());
        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            int source = s;
            publishers.add(Thread.ofVirtual().start(() -> {
                EventPublisher publisher = router.publisher("vc-" + source);
                try {
                    for (int i = source; i < payloads.size(); i += sources) {
                        CloudEvent event = payloads.get(i);
                        publisher.publish(event, event.getSource().toString()).done()
                                .thenRun(acknowledged::countDown);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        if (!acknowledged.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not every event was acknowledged");
        }
        double rate = payloads.size() / ((System.nanoTime() - start) / 1e9);
        router.close(Duration.ofSeconds(5));
        processor.close();
        return rate;
    }
}
