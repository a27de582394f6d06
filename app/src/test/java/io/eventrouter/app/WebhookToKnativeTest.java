package io.eventrouter.app;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook in, knative processor out, and a receiver that parses each request with the CloudEvents SDK: every
 * attribute, extension and the data arrive unchanged, in the configured content mode.
 */
class WebhookToKnativeTest {

    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
    private final HttpClient http = HttpClient.newHttpClient();
    private CloudEventsReceiver receiver;
    private RunningRouter router;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = CloudEventsReceiver.start();
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        receiver.close();
    }

    private static CloudEvent sample(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("https://vcenter.local/sdk"))
                .withType("com.vmware.event.router/event").withSubject("VmPoweredOffEvent")
                .withTime(OffsetDateTime.parse("2026-11-21T10:07:35.155Z")).withDataContentType("application/json")
                .withExtension("vsphereapiversion", "8.0.2.0")
                .withData(("{\"Key\":" + id + ",\"Vm\":{\"Name\":\"web-01 ü\"},\"Template\":false}")
                        .getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @ParameterizedTest(name = "knative encoding {0}")
    @ValueSource(strings = {"binary", "structured"})
    void eventsArriveUnchangedWhicheverModeTheSenderUsed(String encoding) throws Exception {
        router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), encoding, "", ""));
        CloudEvent binary = sample("101");
        CloudEvent structured = sample("102");
        CloudEvent batchedA = sample("103");
        CloudEvent batchedB = sample("104");

        assertThat(sendBinary(binary).statusCode()).isEqualTo(200);
        assertThat(send("application/cloudevents+json", JSON.serialize(structured)).statusCode()).isEqualTo(200);
        byte[] batch = ("[" + new String(JSON.serialize(batchedA), StandardCharsets.UTF_8) + ","
                + new String(JSON.serialize(batchedB), StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
        assertThat(send("application/cloudevents-batch+json", batch).statusCode()).isEqualTo(200);

        assertThat(receiver.unparsable()).isEmpty();
        List<CloudEventsReceiver.Received> received = receiver.received();
        assertThat(received).extracting(r -> r.event().getId()).containsExactly("101", "102", "103", "104");
        assertThat(received).allSatisfy(r -> assertThat(r.mode()).isEqualTo(encoding));
        for (CloudEventsReceiver.Received r : received) {
            CloudEvent expected = sample(r.event().getId());
            assertSameEvent(r.event(), expected);
        }
    }

    private static void assertSameEvent(CloudEvent actual, CloudEvent expected) {
        assertThat(actual.getSpecVersion()).isEqualTo(expected.getSpecVersion());
        assertThat(actual.getId()).isEqualTo(expected.getId());
        assertThat(actual.getSource()).isEqualTo(expected.getSource());
        assertThat(actual.getType()).isEqualTo(expected.getType());
        assertThat(actual.getSubject()).isEqualTo(expected.getSubject());
        assertThat(actual.getTime()).isEqualTo(expected.getTime());
        assertThat(actual.getDataContentType()).startsWith("application/json");
        assertThat(actual.getExtensionNames()).containsExactlyInAnyOrderElementsOf(expected.getExtensionNames());
        assertThat(actual.getExtension("vsphereapiversion")).isEqualTo("8.0.2.0");
        assertThat(new String(actual.getData().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected.getData().toBytes(), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> sendBinary(CloudEvent event) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(router.webhook());
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(router.webhook()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
