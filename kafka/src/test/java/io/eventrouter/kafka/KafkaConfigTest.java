package io.eventrouter.kafka;

import io.eventrouter.config.ConfigException;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConfigTest {

    private static final String BASE = "bootstrapServers: kafka:9092\ntopic: vsphere-events\n";

    @Test
    void defaultsAreBinarySourceKeyedBatchesOf500() throws ConfigException {
        KafkaConfig config = ConfigSections.bind(BASE, KafkaConfig.class);
        assertThat(config.encoding().wireName()).isEqualTo("binary");
        assertThat(config.partitionKey()).containsExactly("source");
        assertThat(config.maxBatchEvents()).isEqualTo(500);
        Map<String, Object> settings = ProducerSettings.of(config, "event-router-k");
        assertThat(settings).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("bootstrap.servers", "kafka:9092").containsEntry("client.id", "event-router-k");
    }

    @Test
    void propertiesPassThroughWithSecretsResolvedAndNeverPrinted(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("jaas");
        Files.writeString(secret, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"router\" password=\"s3cr3t\";\n");
        KafkaConfig config = ConfigSections.bind(BASE + """
                properties:
                  security.protocol: SASL_SSL
                  sasl.mechanism: PLAIN
                  sasl.jaas.config: ${file:%s}
                  linger.ms: 20
                """.formatted(secret), KafkaConfig.class);
        Map<String, Object> settings = ProducerSettings.of(config, "c");
        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20");
        assertThat((String) settings.get("sasl.jaas.config")).endsWith("password=\"s3cr3t\";");
        assertThat(config.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void whatTheGuaranteesRestOnCannotBeOverridden() {
        assertRefused("properties: {acks: '1'}", "properties", "acks is set by the router");
        assertRefused("properties: {enable.idempotence: false}", "properties", "enable.idempotence is set by the router");
        assertRefused("properties: {bootstrap.servers: x:1}", "properties", "use bootstrapServers");
        assertRefused("properties: {max.in.flight.requests.per.connection: 10}", "properties", "must be 1 to 5");
        assertRefused("properties: {ssl.keystore: {a: b}}", "properties.ssl.keystore", "expected a single value");
    }

    @Test
    void partitionKeyPartsAreAttributesOrJsonPointers() {
        assertRefused("partitionKey: [source, Vm.Name]", "partitionKey[1]", "neither an attribute name");
        assertRefused("partitionKey: []", "partitionKey", "needs at least one part");
        assertRefused("maxBatchEvents: 0", "maxBatchEvents", "must be 1 to 10000");
    }

    private static void assertRefused(String yaml, String path, String problem) {
        assertThatThrownBy(() -> ConfigSections.bind(BASE + yaml, KafkaConfig.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).contains(problem);
                });
    }
}
