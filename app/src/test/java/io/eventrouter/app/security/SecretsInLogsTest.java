package io.eventrouter.app.security;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import io.eventrouter.webhook.WebhookProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the router with the production log set-up at {@code debug}, with a credential on every connection that has one
 * (webhook and metrics basic auth in, Knative basic auth and URL user info out, AWS keys out), drives authenticated
 * requests through each, and scans the whole log for every secret, as written and as it travels (Basic base64).
 */
class SecretsInLogsTest {

    private static final Map<String, String> BASIC = Map.of(
            "hook-user", "webhook-pass-7f3a1c",
            "metrics-user", "metrics-pass-92be4d",
            "knative-user", "knative-pass-c05e81");
    private static final String URI_PASSWORD = "uri-pass-6d21aa";

    @TempDir
    Path dir;

    @AfterEach
    void restoreTestLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void noConfiguredSecretAppearsInTheDebugLog() throws Exception {
        Path log = dir.resolve("router.log");
        LogSetup.configureToFile("debug", log);
        try (CloudEventsReceiver knative = CloudEventsReceiver.start();
             LocalEventBridge aws = new LocalEventBridge()) {
            String rule = aws.addRule("r", "default", "{\"source\":[{\"prefix\":\"\"}]}").arn();
            String yaml = """
                    apiVersion: eventrouter.io/v1
                    kind: RouterConfig
                    metadata: {name: secrets}
                    eventProviders:
                      - type: webhook
                        name: hook
                        webhook:
                          bindAddress: "127.0.0.1:0"
                          auth: {type: basic_auth, basicAuth: {username: hook-user, password: %s}}
                    eventProcessors:
                      - type: knative
                        name: kn
                        knative:
                          destination: {uri: "http://uri-user:%s@127.0.0.1:%d/"}
                          auth: {type: basic_auth, basicAuth: {username: knative-user, password: %s}}
                      - type: aws_event_bridge
                        name: aws
                        awsEventBridge:
                          region: %s
                          ruleARN: %s
                          endpoint: %s
                          auth:
                            type: aws_access_key
                            awsAccessKeyAuth: {accessKey: %s, secretKey: %s}
                    metricsProvider:
                      type: default
                      name: metrics
                      default:
                        bindAddress: "127.0.0.1:0"
                        auth: {type: basic_auth, basicAuth: {username: metrics-user, password: %s}}
                    """.formatted(BASIC.get("hook-user"), URI_PASSWORD, knative.port(), BASIC.get("knative-user"),
                    LocalEventBridge.REGION, rule, aws.endpoint(), LocalEventBridge.ACCESS_KEY,
                    LocalEventBridge.SECRET_KEY, BASIC.get("metrics-user"));
            RouterRuntime router = new RouterRuntime(new ConfigLoader(ConnectorRegistry.load(), References.system())
                    .parse(yaml).plan(), Clock.systemUTC(), List.of("event-router"));
            router.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                int webhookPort = ((WebhookProvider) router.providers().getFirst()).address().getPort();
                HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + webhookPort + "/webhook"))
                        .header("Authorization", basic("hook-user"))
                        .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                        .header("ce-id", "1").header("ce-source", "/s").header("ce-type", "t")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).isEqualTo(200);
                int metricsPort = router.metricsServer().address().getPort();
                for (String path : List.of("/metrics", "/stats")) {
                    HttpResponse<String> read = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + metricsPort + path))
                            .header("Authorization", basic("metrics-user")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(read.statusCode()).isEqualTo(200);
                }
            } finally {
                router.stop(Duration.ofSeconds(2));
            }
            // the credentials did travel, so a clean log means they were kept out of it, not that they were never used
            assertThat(knative.received()).singleElement().satisfies(r -> assertThat(r.headers().get("authorization"))
                    .isEqualTo(basic("knative-user")));
            await().atMost(Duration.ofSeconds(10)).until(() -> aws.accepted().size() == 1);
            assertThat(aws.refusedSignatures()).isEmpty();
        }
        String text = Files.readString(log);
        assertThat(text).as("the router logged at debug").contains("DEBUG");
        assertThat(text).doesNotContain(secretForms());
    }

    /** Should a library log a credential header anyway (e.g. its debug turned on by other means), the line is masked. */
    @Test
    void aCredentialHeaderInAnyLibraryLineIsMasked() throws Exception {
        Path log = dir.resolve("router.log");
        LogSetup.configureToFile("debug", log);
        String credential = basic("hook-user").substring("Basic ".length());
        var jetty = LoggerFactory.getLogger("org.eclipse.jetty.http.HttpParser");
        jetty.warn("parsedHeader(Authorization: Basic {}) header=Authorization, valueString=[Basic {}]", credential,
                credential);
        jetty.warn("request headers {Cookie=session-{}, X-Amz-Security-Token=token-{}}", credential, credential);
        LoggerFactory.getLogger("io.eventrouter.Thing").info("Basic authentication is required; Bearer tokens too");
        String text = Files.readString(log);
        assertThat(text).doesNotContain(credential).contains("Authorization: ******", "Basic ******",
                "Basic authentication is required; Bearer tokens too");
    }

    private static String basic(String user) {
        return "Basic " + base64(user + ":" + BASIC.get(user));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Each secret as written, URL-encoded, and each Basic credential as its header carries it. */
    private static String[] secretForms() {
        List<String> forms = new ArrayList<>();
        BASIC.forEach((user, password) -> {
            forms.add(password);
            forms.add(base64(user + ":" + password));
        });
        forms.add(URI_PASSWORD);
        forms.add(base64("uri-user:" + URI_PASSWORD));
        forms.add(LocalEventBridge.SECRET_KEY);
        forms.add(URLEncoder.encode(LocalEventBridge.SECRET_KEY, StandardCharsets.UTF_8));
        return forms.toArray(String[]::new);
    }
}
