package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.eventrouter.testing.Fuzzer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the webhook's request reader (structured, batched and binary mode): whatever the body and headers, it
 * returns valid events or a {@link BadRequestException} with a 4xx, never another exception (which the server would
 * answer 500). Runs {@link Fuzzer#DEFAULT_ITERATIONS} inputs per mode; {@code -Dfuzz.iterations} for longer.
 */
class RequestReaderFuzzTest {

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/vcenter\",\"type\":"
            + "\"com.vmware.event.router/event\",\"subject\":\"VmPoweredOnEvent\",\"time\":\"2024-05-01T10:15:00Z\","
            + "\"datacontenttype\":\"application/json\",\"vsphereapiversion\":\"8.0\",\"data\":{\"Key\":42,"
            + "\"Vm\":{\"Name\":\"web-01\"}}}";
    private static final String BASE64_EVENT = "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\","
            + "\"data_base64\":\"AAEC\"}";

    @Test
    void structuredAndBatchedBodiesNeverCrashTheReader() {
        Fuzzer fuzzer = Fuzzer.fromSystemProperties().seed(EVENT).seed(BASE64_EVENT).seed("null").seed("[null]")
                .seed("[" + EVENT + "," + BASE64_EVENT + "]").seed("{\"specversion\":\"0.3\"}").seed("[]")
                .seed("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"%\",\"type\":\"t\",\"data\":null}");
        List<Fuzzer.Report> reports = List.of(
                fuzzer.run("webhook structured", body -> read(Map.of("content-type", "application/cloudevents+json"),
                        body)),
                fuzzer.run("webhook batch", body -> read(Map.of("content-type",
                        "application/cloudevents-batch+json"), body)));
        assertThat(reports).allSatisfy(report -> assertThat(report.crashes()).as(report.toString()).isEmpty());
    }

    @Test
    void binaryModeHeadersNeverCrashTheReader() {
        // one header per line, "name: value"; the last line is the body
        Fuzzer fuzzer = Fuzzer.fromSystemProperties()
                .seed("ce-specversion: 1.0\nce-id: 1\nce-source: /vc\nce-type: t\ncontent-type: application/json\n{}")
                .seed("ce-specversion: 1.0\nce-id: 1\nce-source: /vc\nce-type: t\nce-time: 2024-05-01T10:15:00Z\n"
                        + "ce-dataschema: http://x/\nce-subject: %E2%82%AC\nce-ext: %ZZ\n")
                .seed("ce-specversion: 0.3\nce-id: \nce-source: \nce-type: \ncontent-type: text/plain\nhello");
        Fuzzer.Report report = fuzzer.run("webhook binary", input -> {
            String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
            Map<String, String> headers = new HashMap<>();
            for (int i = 0; i < lines.length - 1; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            read(headers, lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
        });
        assertThat(report.crashes()).as(report.toString()).isEmpty();
    }

    private static void read(Map<String, String> headers, byte[] body) {
        try {
            for (CloudEvent event : CloudEventsRequestReader.read(headers, body, 8192)) {
                assertThat(event.getId()).isNotEmpty();
                assertThat(event.getType()).isNotEmpty();
                assertThat(event.getSource().toString()).isNotEmpty();
            }
        } catch (BadRequestException e) {
            assertThat(e.status()).isBetween(400, 499);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
