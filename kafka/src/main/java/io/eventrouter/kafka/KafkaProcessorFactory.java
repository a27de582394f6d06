package io.eventrouter.kafka;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.ProcessorContext;
import org.apache.kafka.clients.producer.KafkaProducer;

public final class KafkaProcessorFactory implements EventProcessorFactory<KafkaConfig> {

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Class<KafkaConfig> configType() {
        return KafkaConfig.class;
    }

    @Override
    public String description() {
        return "CloudEvents to a Kafka topic (binary or structured), idempotent producer with acks=all.";
    }

    @Override
    public EventProcessor create(KafkaConfig config, ProcessorContext context) {
        return new KafkaProcessor(new KafkaProducer<>(ProducerSettings.of(config, "event-router-" + context.name())),
                config);
    }
}
