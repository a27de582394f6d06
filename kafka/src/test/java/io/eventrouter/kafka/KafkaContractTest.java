package io.eventrouter.kafka;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProcessorContract;

/** The Kafka processor passes the processor contract (no broker needed: a producer connects on first use). */
class KafkaContractTest extends ProcessorContract {

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
}
