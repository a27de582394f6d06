package io.eventrouter.kafka;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.config.Required;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.util.List;

@Doc("Publishes CloudEvents to a Kafka topic with the CloudEvents Kafka binding; idempotent producer with acks=all, "
        + "an event counts as delivered once Kafka acknowledged it.")
public record KafkaConfig(
        @Required @Doc("Brokers to bootstrap from: host:port[,host:port...].") String bootstrapServers,
        @Required @Doc("The topic events are written to.") String topic,
        @Default("binary") @Doc("CloudEvents Kafka content mode: binary (attributes in ce_ headers, data as the "
                + "record value) or structured (the whole event as JSON).") EventEncoding encoding,
        @Default("[\"source\"]") @Doc("The record key, from which Kafka picks the partition: the parts are joined with "
                + "'|'. A part is an attribute name (source, subject, an extension) or a JSON pointer into the data "
                + "(e.g. /Vm/Vm/Value). The default keeps each source's events in one partition, in order; adding an "
                + "entity (e.g. [source, /Vm/Vm/Value]) spreads a source over partitions and keeps each VM's order.")
        List<String> partitionKey,
        @Default("500") @Doc("Most events of one ordering lane sent together before waiting for Kafka's "
                + "acknowledgements.") int maxBatchEvents,
        @Doc("Kafka producer properties passed through as they are, e.g. security.protocol, sasl.mechanism, "
                + "sasl.jaas.config, ssl.truststore.location, compression.type, linger.ms; values may be written "
                + "as ${env:NAME} or ${file:PATH}. bootstrap.servers, acks, enable.idempotence, transactional.id "
                + "and the serializers are set by the router.") KafkaProperties properties) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(!bootstrapServers.isBlank(), "bootstrapServers", "must not be empty");
        v.check(!topic.isBlank(), "topic", "must not be empty");
        v.check(maxBatchEvents >= 1 && maxBatchEvents <= 10_000, "maxBatchEvents", "must be 1 to 10000");
        v.check(!partitionKey.isEmpty(), "partitionKey", "needs at least one part");
        for (int i = 0; i < partitionKey.size(); i++) {
            try {
                PartitionKey.part(partitionKey.get(i));
            } catch (IllegalArgumentException e) {
                throw v.error("partitionKey", i, e.getMessage());
            }
        }
        if (properties != null) {
            String problem = ProducerSettings.refusal(properties.values());
            if (problem != null) {
                throw v.error("properties", problem);
            }
        }
    }
}
