package io.eventrouter.app;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.openfaas.LocalGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compatibility item 1 (webhook answers): a processor error answers the webhook's client 500, as the original did
 * (this router answered 502); a failed OpenFaaS invocation answers 500 too, where the original answered 200 after its
 * retries (a deliberate difference: the client learns that the event did not get through). An event a dead-letter
 * sink took is answered 200: the router is done with it.
 */
class WebhookAnswersItem1Test {

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningRouter router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
    }

    private HttpResponse<String> post(String id) throws Exception {
        return http.send(HttpRequest.newBuilder(router.webhook())
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/test")
                .header("ce-type", "com.vmware.event.router/event").header("ce-subject", "VmPoweredOnEvent")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aProcessorErrorAnswers500AsTheOriginalDid() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(400));
            router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "", ""));

            HttpResponse<String> answer = post("refused");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("dropped");
            assertThat(receiver.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void anEventTheDeadLetterSinkTookAnswers200(@TempDir Path deadLetters) throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(400));
            router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary",
                    "  delivery: {deadLetterSink: {directory: \"" + deadLetters + "\"}}", ""));

            assertThat(post("refused").statusCode()).isEqualTo(200);
            assertThat(Files.readString(deadLetters.resolve("knative.jsonl"))).contains("\"id\":\"refused\"");
        }
    }

    @Test
    void aFailedOpenFaasInvocationAnswers500AfterItsRetries() throws Exception {
        try (LocalGateway gateway = new LocalGateway("admin", "secret")) {
            gateway.namespaces("openfaas-fn");
            gateway.deploy("fails", "openfaas-fn", "VmPoweredOnEvent", i -> new LocalGateway.Answer(500, "boom"));
            router = RunningRouter.start(webhookToOpenFaas(gateway.address()));

            HttpResponse<String> answer = post("fails");

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(gateway.count("fails.openfaas-fn")).as("answered after the retries").isGreaterThan(1);
        }
    }

    /** The original's v1alpha1 shape; the backoff is shortened so that four calls take milliseconds. */
    private static String webhookToOpenFaas(URI gateway) {
        return """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata:
                  name: item1
                eventProvider:
                  type: webhook
                  name: webhook
                  webhook:
                    bindAddress: "127.0.0.1:0"
                    path: /webhook
                eventProcessor:
                  type: openfaas
                  name: openfaas
                  openfaas:
                    address: %s
                    auth:
                      type: basic_auth
                      basicAuth: {username: admin, password: secret}
                  delivery: {backoffDelay: 1ms}
                metricsProvider:
                  type: default
                  name: metrics
                  default:
                    bindAddress: "127.0.0.1:0"
                """.formatted(gateway);
    }
}
