package io.eventrouter.systemtests;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.KReference;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.horizon.LocalHorizon;
import io.eventrouter.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The original's horizon-knative and webhook-knative examples as shipped, with only the addresses changed: Horizon is
 * a local HTTPS endpoint accepting the example's Active Directory account (trusted through the router JVM's trust
 * store, so {@code insecureSSL: false} holds), the Broker is resolved through a Kubernetes API mock server.
 */
class HorizonAndWebhookExamplesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void horizonKnativeSendsAuditEventsWithTheOriginalsAttributesToTheBroker() throws Exception {
        ShippedExample example = ShippedExample.validated("horizon-knative");
        TestCertificates.Pair certificate = TestCertificates.selfSigned(dir, "horizon");
        Path trustStore = certificate.writeTrustStore(dir.resolve("trust.p12"));
        KReference ref = new KReference("eventing.knative.dev/v1", "Broker", "rabbit", "default");
        try (LocalHorizon horizon = new LocalHorizon(certificate.serverContext());
             RouterProcess router = example.pointAt("https://api.myhorizon.corp.local", horizon.address().toString())
                     .router(dir).trustStore(trustStore, TestCertificates.trustStorePassword());
             LocalBroker broker = LocalBroker.create(ref, dir)) {
            long now = System.currentTimeMillis();
            long before = now - now % 1000 - 2000 + 123; // milliseconds the original cut off (and so does v1alpha1)
            long loginId = horizon.addEvent(before, "VLSI_USERLOGGEDIN"); // the original starts with the last ten
            router.environment("KUBECONFIG", broker.kubeconfig().toString()).start();
            long logoutId = horizon.addEvent(System.currentTimeMillis(), "VLSI_USERLOGGEDOUT");
            CloudEventsReceiver receiver = broker.receiver();
            await().atMost(WAIT).until(() -> receiver.events().size() >= 2);

            assertThat(receiver.events()).extracting(CloudEvent::getId)
                    .containsExactly(String.valueOf(loginId), String.valueOf(logoutId));
            CloudEventsReceiver.Received login = receiver.received().getFirst();
            assertThat(login.mode()).as("encoding: binary").isEqualTo("binary");
            assertThat(login.event().getType()).isEqualTo("com.vmware.event.router/horizon.vlsi_userloggedin.v0");
            // the example is the original's v1alpha1: the original's attributes (eventrouter.io/v1 keeps subject and ms)
            assertThat(login.event().getSubject()).isNull();
            assertThat(login.event().getSource()).isEqualTo(horizon.address());
            assertThat(login.event().getTime().toInstant()).isEqualTo(Instant.ofEpochMilli(before - 123));
        }
    }

    @Test
    void webhookKnativePassesThePostedEventOnUnchanged() throws Exception {
        ShippedExample example = ShippedExample.validated("webhook-knative");
        int webhookPort = FreePorts.next();
        try (CloudEventsReceiver broker = CloudEventsReceiver.start();
             RouterProcess router = example.pointAt("0.0.0.0:8080", "127.0.0.1:" + webhookPort)
                     .pointAt("http://broker-ingress.knative-eventing.svc.cluster.local/vmware-functions/default",
                             broker.uri().resolve("/vmware-functions/default").toString())
                     .router(dir).start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + webhookPort + "/webhook"))
                    .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                    .header("ce-id", "harbor-42").header("ce-source", "https://harbor.corp.local")
                    .header("ce-type", "harbor.artifact.pushed").header("ce-subject", "library/nginx")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tag\":\"1.27\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);

            await().atMost(WAIT).until(() -> !broker.received().isEmpty());
            CloudEventsReceiver.Received received = broker.received().getFirst();
            assertThat(received.mode()).as("encoding: binary").isEqualTo("binary");
            assertThat(received.event().getId()).isEqualTo("harbor-42");
            assertThat(received.event().getSource()).isEqualTo(URI.create("https://harbor.corp.local"));
            assertThat(received.event().getType()).isEqualTo("harbor.artifact.pushed");
            assertThat(received.event().getSubject()).isEqualTo("library/nginx");
            assertThat(new String(received.event().getData().toBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"tag\":\"1.27\"}");
        }
    }
}
