package io.eventrouter.bench.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.eventrouter.kafka.KafkaConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The bare producer: the processor's producer settings (acks=all, idempotence, the same timeouts, which the harness
 * passes as {@code properties}) and the same binary-mode CloudEvents records keyed by source, sent as fast as the
 * producer takes them, then all awaited.
 */
final class RawProducer {

    private RawProducer() {
    }

    static double run(KafkaConfig config, List<CloudEvent> payloads) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        settings.putAll(config.properties().values());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sent = new ArrayList<>(payloads.size());
            for (CloudEvent event : payloads) {
                byte[] key = event.getSource().toString().getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(KafkaMessageFactory.createWriter(config.topic(), key).writeBinary(event)));
            }
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get();
            }
            return payloads.size() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
