package io.eventrouter.kafka;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProcessorContract;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The Kafka processor passes the processor contract: the secret and batch cases need no broker (a producer connects
 * on first use); close without loss runs against a real one-node cluster.
 */
class KafkaContractTest extends ProcessorContract {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /**
     * A producer's send takes one record; the batch is the router's, up to the configured maxBatchEvents (default
     * 500), whose records the producer sends in its own size-bounded requests.
     */
    @Override
    protected int documentedBatchLimit() {
        return 500;
    }

    @Override
    protected EventProcessor processorWithSecret(String secret) throws Exception {
        KafkaConfig config = ConfigSections.bind("""
                bootstrapServers: 127.0.0.1:9
                topic: vsphere-events
                properties:
                  security.protocol: SASL_PLAINTEXT
                  sasl.mechanism: PLAIN
                  sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="router" password="%s";'
                """.formatted(secret), KafkaConfig.class);
        return new KafkaProcessorFactory().create(config, ProcessorEnvironment.of("kafka"));
    }

    /**
     * A fresh topic on the real broker. Kafka cannot hold an answer back, but the producer holds records in its own
     * buffer: with a long {@code linger.ms} the attempt's records wait there, not sent, when the processor is closed
     * (where a producer closed without flushing loses them). They count as arrived once the producer has the topic's
     * metadata and places a record ({@link HandOff}, the producer's partitioner); what the broker has is read back
     * with a consumer. Nothing is refused here: records flushed at close are delivered, and must be reported so.
     */
    @Override
    protected HeldDestination heldDestination() throws Exception {
        String topic = "contract-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 1);
        CountDownLatch handedOff = new CountDownLatch(1);
        HandOff.signal = handedOff;
        return new HeldDestination() {
            @Override
            public EventProcessor processor() throws Exception {
                KafkaConfig config = ConfigSections.bind("""
                        bootstrapServers: %s
                        topic: %s
                        properties:
                          linger.ms: 15000
                          partitioner.class: %s
                        """.formatted(kafka.bootstrapServers(), topic, HandOff.class.getName()), KafkaConfig.class);
                return new KafkaProcessorFactory().create(config, ProcessorEnvironment.of("kafka"));
            }

            @Override
            public boolean awaitArrival(Duration timeout) throws InterruptedException {
                return handedOff.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }

            /** Nothing is held at the broker; the producer's buffer lets go when it is flushed or closed. */
            @Override
            public void release() {
            }

            @Override
            public Set<String> taken(int atLeast) {
                return kafka.read(topic, atLeast, Duration.ofSeconds(30)).stream().map(r -> r.value().getId())
                        .collect(Collectors.toSet());
            }

            @Override
            public void close() {
                HandOff.signal = null;
            }
        };
    }

    /**
     * Counts down the test's latch when the producer places a record, which it does once it has the topic's
     * metadata, just before the record joins its buffer (Kafka makes it from its class name). One partition: 0.
     */
    public static final class HandOff implements Partitioner {
        static volatile CountDownLatch signal;

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            CountDownLatch latch = signal;
            if (latch != null) {
                latch.countDown();
            }
            return 0;
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
