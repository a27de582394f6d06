package io.eventrouter.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a router with credentials everywhere at DEBUG level and checks that no log line shows one of them. */
class SecretsStayOutOfLogsTest {

    @Test
    void noPasswordAppearsInAnyLogLine() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        String yaml = """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: secrets}
                eventProvider:
                  type: webhook
                  webhook:
                    bindAddress: "127.0.0.1:0"
                    auth: {type: basic_auth, basicAuth: {username: hook, password: webhook-secret-1}}
                eventProcessor:
                  type: knative
                  knative:
                    destination: {uri: "http://user:uri-secret-2@127.0.0.1:%d/"}
                    auth: {type: basic_auth, basicAuth: {username: kn, password: knative-secret-3}}
                metricsProvider:
                  type: default
                  default:
                    bindAddress: "127.0.0.1:0"
                    auth: {type: basic_auth, basicAuth: {username: m, password: metrics-secret-4}}
                """;
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(yaml.formatted(receiver.port()))) {
            String auth = "Basic " + Base64.getEncoder().encodeToString("hook:webhook-secret-1".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(router.webhook())
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .header("ce-specversion", "1.0").header("ce-id", "1").header("ce-source", "/s").header("ce-type", "t")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(receiver.received()).singleElement()
                    .satisfies(r -> assertThat(r.headers().get("authorization")).startsWith("Basic "));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain("webhook-secret-1", "uri-secret-2", "knative-secret-3", "metrics-secret-4"));
    }
}
