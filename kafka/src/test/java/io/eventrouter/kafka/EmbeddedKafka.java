package io.eventrouter.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A real one-node Kafka cluster (KRaft, broker and controller combined) from the Kafka project's own test kit, with
 * the settings a single broker needs (internal topics with one replica, no rebalance delay). Shared with the bench
 * module's throughput harness through this module's test jar.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            createTopic(admin, name, partitions);
        }
    }

    /**
     * Creates a topic and waits until every partition's leader serves requests. Producing at once can otherwise
     * meet a leader that is not ready yet (NOT_LEADER_OR_FOLLOWER), and an idempotent producer whose first batch was
     * refused that way while the next ones were taken is stuck on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery
     * timeout (seen with 4.3.1 and a pipelining producer).
     */
    public static void createTopic(Admin admin, String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(name, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.listOffsets(latest).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Reads {@code count} records of {@code topic} as CloudEvents, keys as text. */
    public List<ConsumerRecord<String, CloudEvent>> read(String topic, int count, Duration timeout) {
        return read(topic, count, timeout, new StringDeserializer(), new CloudEventDeserializer());
    }

    /** Reads {@code count} records as plain bytes (what a consumer without the CloudEvents binding sees). */
    public List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int count, Duration timeout) {
        return read(topic, count, timeout, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads from the start of every partition, without a consumer group (nothing to coordinate). */
    private <K, V> List<ConsumerRecord<K, V>> read(String topic, int count, Duration timeout, Deserializer<K> keys,
                                                   Deserializer<V> values) {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(settings, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
