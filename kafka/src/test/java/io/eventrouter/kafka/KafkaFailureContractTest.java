package io.eventrouter.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.contract.ProcessorFailureContract;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Every way a Kafka delivery can fail, sorted on purpose (the contract kit), against a real broker: a record Kafka
 * can never take (over max.request.size, binary-mode headers included; over the topic's max.message.bytes, refused
 * by the broker; an invalid topic name) is permanent; a
 * cluster that cannot be reached is unavailable: the queue waits (so is a record Kafka did not acknowledge within
 * the delivery timeout, {@link SendFailures}).
 */
class KafkaFailureContractTest extends ProcessorFailureContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private EmbeddedKafka kafka;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("events", 1);
        kafka.createTopic("small-records", 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "small-records");
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "4096"), AlterConfigOp.OpType.SET)))).all().get();
            // the broker answers describeConfigs from the metadata it applies: once it shows the limit, it holds
            await().atMost(Duration.ofSeconds(30)).until(() -> "4096".equals(admin.describeConfigs(List.of(topic))
                    .all().get().get(topic).get("max.message.bytes").value()));
        }
    }

    @AfterAll
    void stopKafka() throws Exception {
        kafka.close();
    }

    private static DeliveryResult deliverOnce(String yaml, CloudEvent event, Duration timeout) throws Exception {
        try (EventProcessor processor = new KafkaProcessorFactory().create(
                ConfigSections.bind(yaml, KafkaConfig.class), ProcessorEnvironment.of("kafka"))) {
            return processor.deliver(event, timeout);
        }
    }

    private DeliveryResult toBroker(String topic, String extra, CloudEvent event) throws Exception {
        return deliverOnce("bootstrapServers: \"" + kafka.bootstrapServers() + "\"\ntopic: \"" + topic + "\"\n"
                + extra, event, TIMEOUT);
    }

    private static CloudEvent event() {
        return VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01");
    }

    @Override
    protected Stream<FailurePath> failurePaths() {
        return Stream.of(
                FailurePath.of("a record over max.request.size", Status.REJECTED, () -> toBroker("events",
                        "properties: {max.request.size: 4096}", CloudEventBuilder.from(event())
                                .withData("application/json", ("\"" + "x".repeat(8000) + "\"")
                                        .getBytes(StandardCharsets.UTF_8)).build())),
                FailurePath.of("binary-mode headers over max.request.size", Status.REJECTED, () -> toBroker("events",
                        "encoding: binary\nproperties: {max.request.size: 4096}",
                        CloudEventBuilder.from(event()).withExtension("huge", "x".repeat(8000)).build())),
                FailurePath.of("a record over the topic's max.message.bytes (refused by the broker)", Status.REJECTED,
                        () -> toBroker("small-records", "", CloudEventBuilder.from(event())
                                .withData("application/json", ("\"" + "x".repeat(8000) + "\"")
                                        .getBytes(StandardCharsets.UTF_8)).build())),
                FailurePath.of("an invalid topic name", Status.REJECTED,
                        () -> toBroker("not a topic!", "properties: {max.block.ms: 2000}", event())),
                FailurePath.of("the cluster cannot be reached", Status.UNAVAILABLE,
                        () -> deliverOnce("bootstrapServers: \"127.0.0.1:" + FreePorts.next() + "\"\ntopic: t\n"
                                + "properties: {max.block.ms: 300, reconnect.backoff.max.ms: 100}", event(),
                                TIMEOUT)));
    }
}
