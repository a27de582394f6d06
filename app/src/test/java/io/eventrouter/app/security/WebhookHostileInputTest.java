package io.eventrouter.app.security;

import io.eventrouter.app.CommandRunner;
import io.eventrouter.app.RunningRouter;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team cases of the webhook that failed (null bodies, Content-Length longer than the body, attributes of any
 * size) and variants: each gets a 4xx with a reason, quickly, and the router keeps serving.
 */
class WebhookHostileInputTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static CloudEventsReceiver receiver;
    private static RunningRouter router;

    @BeforeAll
    static void start() throws Exception {
        receiver = CloudEventsReceiver.start();
        router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        receiver.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", " null ", "[null]", "[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"},null]"})
    void aJsonNullEventIsABadRequest(String body) throws Exception {
        String contentType = body.strip().startsWith("[") ? "application/cloudevents-batch+json"
                : "application/cloudevents+json";
        HttpResponse<String> answer = post(contentType, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("null");
    }

    @Test
    void aBodyShorterThanItsContentLengthIs408OnceTheClientGoesSilent() throws Exception {
        String answer = rawPost(100, "{\"specversion\":", false);
        assertThat(answer).startsWith("HTTP/1.1 408").contains("Content-Length 100");
        assertThat(healthz()).isEqualTo(200);
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400WhenTheClientClosesItsSide() throws Exception {
        String answer = rawPost(100, "{\"specversion\":", true);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("Content-Length 100");
    }

    @ParameterizedTest(name = "subject of {0} bytes")
    @ValueSource(ints = {8193, 100_000, 3_000_000})
    void attributesLargerThanTheLimitAre413(int size) throws Exception {
        String event = "{\"specversion\":\"1.0\",\"id\":\"big\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\""
                + "s".repeat(size) + "\"}";
        HttpResponse<String> answer = post("application/cloudevents+json", event);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("maxAttributeBytes");
        HttpResponse<String> batch = post("application/cloudevents-batch+json", "[" + event + "]");
        assertThat(batch.statusCode()).isEqualTo(413);
    }

    @Test
    void largeButAllowedAttributesAndBigIdsInBinaryModeAreHandled() throws Exception {
        String event = "{\"specversion\":\"1.0\",\"id\":\"fits\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\""
                + "s".repeat(6000) + "\"}";
        assertThat(post("application/cloudevents+json", event).statusCode()).isEqualTo(200);
        // a 1 MiB id in a header: the server's header limit answers at once (the red team saw it stuck)
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(router.webhook())
                .timeout(Duration.ofSeconds(20)).header("ce-specversion", "1.0").header("ce-id", "i".repeat(1 << 20))
                .header("ce-source", "/s").header("ce-type", "t").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isBetween(400, 499);
    }

    @Test
    void maxBodyBytesAndMaxAttributeBytesHaveUpperBounds(@TempDir Path dir) throws Exception {
        for (String setting : new String[] {"maxBodyBytes: 68719476736", "maxAttributeBytes: 1048576"}) {
            Path file = dir.resolve("config.yaml");
            Files.writeString(file, RunningRouter.webhookToKnative(URI.create("http://127.0.0.1:1/"), "binary", "", "")
                    .replace("    path: /webhook", "    path: /webhook\n    " + setting));
            CommandRunner.Result result = CommandRunner.run("validate", "--config", file.toString());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err().strip()).doesNotContain("\n")
                    .contains("eventProvider.webhook." + setting.substring(0, setting.indexOf(':')));
        }
    }

    private static HttpResponse<String> post(String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(router.webhook()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int healthz() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(router.metrics("/healthz")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A POST that announces {@code contentLength} bytes and sends {@code body}; returns what the server answers. */
    private static String rawPost(int contentLength, String body, boolean closeOutput) throws Exception {
        URI uri = router.webhook();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            // The red team saw a 500 after 30 s; the answer must come well before the server's 30 s idle timeout.
            socket.setSoTimeout(25_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Content-Type: application/cloudevents+json\r\nContent-Length: " + contentLength + "\r\n\r\n"
                    + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
                if (answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")
                        && answer.toString(StandardCharsets.UTF_8).contains("Content-Length")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
