package io.eventrouter.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageWriter;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventWriter;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes events to one topic. The router hands it up to {@code maxBatchEvents} consecutive events of one ordering
 * lane: all are sent at once (Kafka batches them per partition) and then awaited together; each is reported
 * delivered only when Kafka acknowledged it (acks=all). The idempotent producer keeps their order per partition
 * across its own retries.
 */
final class KafkaProcessor implements EventProcessor {

    private static final DeliveryResult NOT_SENT = DeliveryResult.unavailable(0,
            "not sent: an earlier event of the batch could not be handed to the producer", null);

    private final Producer<byte[], byte[]> producer;
    private final KafkaConfig config;
    private final PartitionKey key;

    KafkaProcessor(Producer<byte[], byte[]> producer, KafkaConfig config) {
        this.producer = producer;
        this.config = config;
        this.key = PartitionKey.of(config.partitionKey());
    }

    @Override
    public int maxBatchSize() {
        return config.maxBatchEvents();
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        return deliverAll(List.of(event), timeout).getFirst();
    }

    @Override
    public List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        DeliveryResult[] results = new DeliveryResult[events.size()];
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            Throwable refused;
            try {
                Future<RecordMetadata> acknowledgement = producer.send(record(event));
                refused = failedAlready(acknowledgement);
                if (refused == null) {
                    sent.add(acknowledgement);
                    continue;
                }
            } catch (RuntimeException e) {
                refused = e;
            }
            // not handed over (e.g. no metadata within max.block.ms): stop, so that later events neither overtake
            // it nor each wait max.block.ms again
            results[sent.size()] = SendFailures.classify(refused);
            Arrays.fill(results, sent.size() + 1, results.length, NOT_SENT);
            break;
        }
        for (int i = 0; i < sent.size(); i++) {
            results[i] = await(sent.get(i), deadline);
        }
        return List.of(results);
    }

    /** Why the producer refused a record at once (it reports a metadata timeout as a failed future), else null. */
    private static Throwable failedAlready(Future<RecordMetadata> acknowledgement) throws InterruptedException {
        if (!acknowledgement.isDone()) {
            return null;
        }
        try {
            acknowledgement.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static DeliveryResult await(Future<RecordMetadata> acknowledgement, long deadline)
            throws InterruptedException {
        try {
            acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return DeliveryResult.delivered(0);
        } catch (ExecutionException e) {
            return SendFailures.classify(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return DeliveryResult.unavailable(0, "not acknowledged by Kafka within the delivery timeout", null);
        }
    }

    private ProducerRecord<byte[], byte[]> record(CloudEvent event) {
        MessageWriter<CloudEventWriter<ProducerRecord<byte[], byte[]>>, ProducerRecord<byte[], byte[]>> writer =
                KafkaMessageFactory.createWriter(config.topic(), key.of(event));
        return config.encoding() == EventEncoding.BINARY ? writer.writeBinary(event)
                : writer.writeStructured(event, JsonFormat.CONTENT_TYPE);
    }

    @Override
    public String describe() {
        return "kafka topic " + config.topic() + " at " + config.bootstrapServers() + " ("
                + config.encoding().wireName() + ")";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
