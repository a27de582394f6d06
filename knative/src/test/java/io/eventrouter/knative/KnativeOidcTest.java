package io.eventrouter.knative;

import com.nimbusds.jwt.JWTClaimsSet;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.ConfigException;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.CloudEventsReceiver.Reply;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.TestCertificates;
import io.eventrouter.testing.VcenterEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.eventrouter.knative.ClusterObjects.BROKER;
import static io.eventrouter.knative.ClusterObjects.addressable;
import static io.eventrouter.knative.ClusterObjects.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Knative's transport encryption and sender identity end to end: a Broker in fabric8's Kubernetes API mock server
 * with an https {@code status.address} carrying {@code CACerts} and {@code audience}, the TokenRequest API of that
 * server issuing signed tokens, and an https CloudEvents receiver (a certificate of its own CA) that verifies every
 * request's token with nimbus-jose-jwt (signature, issuer, audience, expiry) and answers 401 otherwise.
 */
class KnativeOidcTest {

    // generous: a first TLS handshake and token check can take seconds on a loaded machine; the tests assert answers
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String AUDIENCE = "eventing.knative.dev/broker/vmware-functions/default";

    @TempDir
    Path dir;

    private final TokenIssuer issuer = new TokenIssuer();
    private final TokenRequestDispatcher tokenApi = new TokenRequestDispatcher(issuer, Clock.systemUTC());
    private final MockKubernetes cluster = new MockKubernetes(tokenApi);
    private final KubernetesAddressResolver resolver = new KubernetesAddressResolver(cluster.client);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock routerClock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<JWTClaimsSet> verified = new CopyOnWriteArrayList<>();
    private final List<EventProcessor> processors = new ArrayList<>();
    private TestCertificates.Pair brokerCert;
    private CloudEventsReceiver broker;

    @BeforeEach
    void start() throws Exception {
        brokerCert = TestCertificates.selfSigned(dir, "broker-ingress");
        broker = CloudEventsReceiver.startTls(brokerCert.serverContext());
        broker.respondWithHeaders((event, headers) -> {
            try {
                verified.add(issuer.verify(headers.get("authorization"), AUDIENCE));
                return Reply.of(202);
            } catch (SecurityException e) {
                refusals.add(e.getMessage());
                return Reply.of(401);
            }
        });
        put(cluster.client, addressable(BROKER, ingressUrl(), caCerts(), AUDIENCE));
    }

    @AfterEach
    void stop() {
        cluster.close();
        processors.forEach(EventProcessor::close);
        resolver.close();
        broker.close();
    }

    private String ingressUrl() {
        return broker.uri().resolve("/vmware-functions/default").toString();
    }

    private String caCerts() throws Exception {
        return Files.readString(brokerCert.cert());
    }

    private EventProcessor processor(String yaml) throws ConfigException {
        KnativeConfig config = ConfigSections.bind(yaml, KnativeConfig.class);
        EventProcessor processor = new KnativeProcessorFactory().create(config, new ProcessorEnvironment("knative",
                ClientTls.systemDefault(), new SimpleMeterRegistry(), routerClock, resolver));
        processors.add(processor);
        return processor;
    }

    private EventProcessor brokerByRef(String oidc) throws ConfigException {
        EventProcessor processor = processor("""
                destination:
                  ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default, namespace: vmware-functions}
                """ + oidc);
        await().until(() -> processor.describe().equals(ingressUrl()));
        return processor;
    }

    private static DeliveryResult send(EventProcessor processor, String vm) throws InterruptedException {
        return processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", vm), TIMEOUT);
    }

    @Test
    void theBrokersHttpsAddressIsTrustedWithItsCACertsAndGetsATokenForItsAudience() throws Exception {
        EventProcessor knative = brokerByRef("oidc: {serviceAccount: vmware-functions/router}\n");
        CloudEvent event = VcenterEvents.vmEvent("VmPoweredOffEvent", "web-01");

        assertThat(knative.deliver(event, TIMEOUT).status()).isEqualTo(Status.DELIVERED);

        assertThat(broker.events()).extracting(CloudEvent::getId).containsExactly(event.getId());
        assertThat(verified).singleElement().satisfies(claims -> {
            assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:vmware-functions:router");
            assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        });
        assertThat(tokenApi.asked()).containsExactly(new TokenRequestDispatcher.Asked("vmware-functions", "router",
                List.of(AUDIENCE), 3600L));
    }

    @Test
    void theTokenIsKeptUntilNearItsExpiryThenRenewed() throws Exception {
        EventProcessor knative = brokerByRef("oidc: {serviceAccount: router, expiration: 1h}\n");

        assertThat(send(knative, "a").isDelivered()).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(47)));
        assertThat(send(knative, "b").isDelivered()).isTrue();
        assertThat(tokenApi.asked()).as("one token for 80 % of its hour").hasSize(1);

        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(send(knative, "c").isDelivered()).isTrue();

        assertThat(tokenApi.asked()).hasSize(2);
        assertThat(verified).hasSize(3);
        assertThat(verified.get(2).getJWTID()).isNotEqualTo(verified.get(1).getJWTID());
        assertThat(verified.get(1).getJWTID()).isEqualTo(verified.get(0).getJWTID());
    }

    @Test
    void a401RefreshesTheTokenOnceAndTheEventIsDelivered() throws Exception {
        EventProcessor knative = brokerByRef("oidc: {serviceAccount: router}\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        broker.respondWithHeaders((event, headers) -> {
            seen.add(headers.get("authorization"));
            if (seen.size() == 1) {
                return Reply.of(401); // e.g. the token was revoked
            }
            issuer.verify(headers.get("authorization"), AUDIENCE);
            return Reply.of(202);
        });

        assertThat(send(knative, "a").status()).isEqualTo(Status.DELIVERED);

        assertThat(seen).hasSize(2).doesNotHaveDuplicates();
        assertThat(tokenApi.asked()).hasSize(2);
    }

    @Test
    void anExpiredTokenIsRefusedAndRenewedOnlyOnce() throws Exception {
        tokenApi.imposeLifetime(Duration.ofMinutes(-5));
        EventProcessor knative = brokerByRef("oidc: {serviceAccount: router}\n");

        DeliveryResult result = send(knative, "a");

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.statusCode()).isEqualTo(401);
        assertThat(broker.requestCount()).isEqualTo(2);
        assertThat(tokenApi.asked()).hasSize(2);
        assertThat(refusals).hasSize(2).allSatisfy(reason -> assertThat(reason).containsIgnoringCase("expired"));
    }

    @Test
    void withOidcOffNoTokenIsSentAndTheBrokerRefuses() throws Exception {
        EventProcessor knative = brokerByRef("oidc: {enabled: false}\n");

        DeliveryResult result = send(knative, "a");

        assertThat(result.statusCode()).isEqualTo(401);
        assertThat(refusals).containsExactly("no bearer token");
        assertThat(tokenApi.asked()).isEmpty();
    }

    @Test
    void theDestinationsOwnAudienceWinsAndATokenForAnotherAudienceIsRefused() throws Exception {
        EventProcessor knative = processor("""
                destination:
                  ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default, namespace: vmware-functions}
                  audience: some-other-sink
                oidc: {serviceAccount: router}
                """);
        await().until(() -> knative.describe().equals(ingressUrl()));

        assertThat(send(knative, "a").statusCode()).isEqualTo(401);

        assertThat(tokenApi.asked()).extracting(TokenRequestDispatcher.Asked::audiences)
                .containsOnly(List.of("some-other-sink"));
        assertThat(refusals).isNotEmpty().allSatisfy(reason -> assertThat(reason).contains("aud claim rejected"));
    }

    @Test
    void aProjectedTokenFileIsSentAndReadAgainAfterA401() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TokenIssuer.forged(AUDIENCE));
        EventProcessor knative = brokerByRef("oidc: {tokenFile: " + tokenFile + "}\n");

        assertThat(send(knative, "a").statusCode()).as("a token signed by another key").isEqualTo(401);
        assertThat(refusals).hasSize(2).allSatisfy(reason -> assertThat(reason).contains("no matching key"));

        Instant issued = Instant.now();
        String renewed = issuer.sign("vmware-functions", "router", List.of(AUDIENCE), issued,
                issued.plus(Duration.ofHours(1)));
        Files.writeString(tokenFile, renewed + "\n"); // as the kubelet renews it

        assertThat(send(knative, "b").isDelivered()).as("read again at once after the 401").isTrue();
        assertThat(broker.received()).singleElement()
                .satisfies(received -> assertThat(received.headers()).containsEntry("authorization", "Bearer " + renewed));
        assertThat(tokenApi.asked()).isEmpty();
    }

    @Test
    void aTokenRequestTheApiRefusesHoldsTheEventWithTheReason() throws Exception {
        tokenApi.refuseWith(403);
        EventProcessor knative = brokerByRef("oidc: {serviceAccount: router}\n");

        DeliveryResult result = send(knative, "a");

        assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(result.detail()).contains("audience " + AUDIENCE).contains("HTTP 403")
                .contains("create on serviceaccounts/token");
        assertThat(broker.requestCount()).isZero();
    }

    @Test
    void CACertsAreTrustedForTheirDestinationOnly() throws Exception {
        EventProcessor withCa = processor("""
                destination:
                  uri: %s
                  audience: %s
                  CACerts: |
                %s
                oidc: {serviceAccount: router}
                """.formatted(ingressUrl(), AUDIENCE, caCerts().strip().indent(4).stripTrailing()));
        EventProcessor withoutCa = processor("""
                destination:
                  uri: %s
                  audience: %s
                oidc: {serviceAccount: router}
                """.formatted(ingressUrl(), AUDIENCE));

        DeliveryResult untrusted = send(withoutCa, "a");
        DeliveryResult trusted = send(withCa, "b");

        assertThat(trusted.status()).isEqualTo(Status.DELIVERED);
        assertThat(untrusted.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(untrusted.statusCode()).isZero();
        assertThat(untrusted.detail()).containsAnyOf("PKIX", "certificate");
        assertThat(broker.events()).hasSize(1);
    }
}
