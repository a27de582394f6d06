package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.spi.DeliveryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dead-letter directory: one structured-JSON line per event, in a file per processor, and no lost event. */
class DirectoryDeadLetterWriterTest {

    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    @Test
    void eachEventIsOneJsonLineInTheProcessorsFileWithItsErrorExtensions(@TempDir Path dir) throws Exception {
        Path directory = dir.resolve("dead-letters");
        try (DirectoryDeadLetterWriter writer = new DirectoryDeadLetterWriter(directory, "fn/one")) {
            assertThat(writer.write(event("1")).isDelivered()).isTrue();
            assertThat(writer.write(event("2")).isDelivered()).isTrue();
            assertThat(writer.describe()).isEqualTo(directory.resolve("fn_one.jsonl").toString());
        }

        List<String> lines = Files.readAllLines(directory.resolve("fn_one.jsonl"));
        assertThat(lines).hasSize(2);
        List<CloudEvent> read = lines.stream().map(line -> JSON.deserialize(line.getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(read).extracting(CloudEvent::getId).containsExactly("1", "2");
        assertThat(read.getFirst().getExtension("knativeerrorcode")).isEqualTo("503");
    }

    @Test
    void aFailedWriteIsReportedAndTheNextOneWritesOnceTheDirectoryCanBeMade(@TempDir Path dir) throws Exception {
        Path blocked = dir.resolve("dead-letters");
        Files.writeString(blocked, "a file where the directory should be");
        try (DirectoryDeadLetterWriter writer = new DirectoryDeadLetterWriter(blocked, "fn")) {
            DeliveryResult failed = writer.write(event("1"));
            assertThat(failed.isDelivered()).isFalse();
            assertThat(failed.status()).as("retried by the router, not dropped").isNotEqualTo(DeliveryResult.Status.REJECTED);

            Files.delete(blocked);
            assertThat(writer.write(event("1")).isDelivered()).isTrue();
        }
        assertThat(Files.readAllLines(blocked.resolve("fn.jsonl"))).singleElement().asString().contains("\"id\":\"1\"");
    }

    private static CloudEvent event(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/vcenter")).withType("com.vmware.event.router/event")
                .withExtension("knativeerrorcode", "503").withData("application/json", "{}".getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
