package io.eventrouter.openfaas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.openfaas.LocalGateway;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The OpenFaaS processor against {@link LocalGateway}, a gateway speaking the real HTTP API on 127.0.0.1. */
class OpenFaasProcessorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalGateway gateway;
    private EventProcessor processor;
    private ProcessorEnvironment environment;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = new LocalGateway("admin", "s3cret");
        gateway.namespaces("openfaas-fn", "team-b");
        environment = ProcessorEnvironment.of("openfaas");
    }

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.close();
        }
        gateway.close();
    }

    private EventProcessor start(String extra) throws Exception {
        String yaml = """
                address: %s
                auth:
                  type: basic_auth
                  basicAuth:
                    username: admin
                    password: s3cret
                refreshInterval: 50ms
                %s
                """.formatted(gateway.address(), extra);
        OpenFaasConfig config = ConfigSections.bind(yaml, OpenFaasConfig.class);
        processor = new OpenFaasProcessorFactory().create(config, environment);
        return processor;
    }

    private static CloudEvent event(String subject) {
        return VcenterEvents.vmEvent(subject, "Linux-1");
    }

    @Test
    void invokesTheFunctionsWhoseTopicAnnotationNamesTheSubject() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", " VmPoweredOnEvent , VmPoweredOffEvent", i -> LocalGateway.Answer.ok());
        gateway.deploy("of-audit", "team-b", "VmPoweredOffEvent", i -> LocalGateway.Answer.ok());
        gateway.deploy("no-topic", "team-b", null, i -> LocalGateway.Answer.ok());
        start("");

        CloudEvent on = event("VmPoweredOnEvent");
        assertThat(processor.wants(on)).isTrue();
        assertThat(processor.deliver(on, TIMEOUT).status()).isEqualTo(Status.DELIVERED);
        assertThat(gateway.invocations()).extracting(LocalGateway.Invocation::function).containsExactly("of-echo.openfaas-fn");

        assertThat(processor.deliver(event("VmPoweredOffEvent"), TIMEOUT).status()).isEqualTo(Status.DELIVERED);
        assertThat(gateway.count("of-echo.openfaas-fn")).isEqualTo(2);
        assertThat(gateway.count("of-audit.team-b")).isEqualTo(1);

        assertThat(processor.wants(event("LicenseEvent"))).isFalse();
        assertThat(processor.wants(event("VmPoweredOn"))).as("exact match only").isFalse();
        assertThat(gateway.systemCalls()).contains("GET /system/namespaces",
                "GET /system/functions?namespace=openfaas-fn", "GET /system/functions?namespace=team-b");
    }

    @Test
    void sendsTheEventAsStructuredCloudEventJsonWithCredentialsWhenAsked() throws Exception {
        gateway.protectInvocations = true;
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("invocationAuth: true");
        CloudEvent event = event("VmPoweredOnEvent");

        assertThat(processor.deliver(event, TIMEOUT).isDelivered()).isTrue();

        LocalGateway.Invocation call = gateway.invocations().getFirst();
        assertThat(call.route()).isEqualTo("function");
        assertThat(call.headers().get("content-type")).startsWith("application/cloudevents+json");
        assertThat(call.headers().get("authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)));
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.get("specversion").asText()).isEqualTo("1.0");
        assertThat(body.get("id").asText()).isEqualTo(event.getId());
        assertThat(body.get("source").asText()).isEqualTo("https://vcenter.local/sdk");
        assertThat(body.get("subject").asText()).isEqualTo("VmPoweredOnEvent");
        assertThat(body.get("vsphereapiversion").asText()).isEqualTo("6.7.3");
        assertThat(body.get("data").get("Vm").get("Name").asText()).isEqualTo("Linux-1");
    }

    @Test
    void invocationsCarryNoCredentialsByDefault() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");

        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();

        assertThat(gateway.invocations().getFirst().headers()).doesNotContainKey("authorization");
    }

    @Test
    void invokesSeveralSubscribersInParallel() throws Exception {
        CountDownLatch bothCalled = new CountDownLatch(2);
        LocalGateway.Behaviour waitForTheOther = i -> {
            bothCalled.countDown();
            return bothCalled.await(5, TimeUnit.SECONDS) ? LocalGateway.Answer.ok()
                    : new LocalGateway.Answer(500, "called one after the other");
        };
        gateway.deploy("a", "openfaas-fn", "VmPoweredOnEvent", waitForTheOther);
        gateway.deploy("b", "team-b", "VmPoweredOnEvent", waitForTheOther);
        start("");

        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();
    }

    @Test
    void aRetryOnlyInvokesTheFunctionsThatFailed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        gateway.deploy("ok", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        gateway.deploy("flaky", "team-b", "VmPoweredOnEvent", i -> calls.incrementAndGet() == 1
                ? new LocalGateway.Answer(500, "boom") : LocalGateway.Answer.ok());
        start("");
        CloudEvent event = event("VmPoweredOnEvent");

        DeliveryResult first = processor.deliver(event, TIMEOUT);
        assertThat(first.status()).isEqualTo(Status.RETRYABLE);
        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(first.detail()).contains("flaky.team-b").contains("boom");

        assertThat(processor.deliver(event, TIMEOUT).isDelivered()).isTrue();
        assertThat(gateway.count("ok.openfaas-fn")).isEqualTo(1);
        assertThat(gateway.count("flaky.team-b")).isEqualTo(2);

        assertThat(processor.deliver(event, TIMEOUT).isDelivered()).isTrue();
        assertThat(gateway.count("ok.openfaas-fn")).as("a new delivery of the same event after success invokes again")
                .isEqualTo(2);
    }

    @Test
    void aFunctionThatRejectsIsNotInvokedAgainAndTheEventEndsRejected() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        gateway.deploy("picky", "openfaas-fn", "VmPoweredOnEvent", i -> new LocalGateway.Answer(400, "bad input"));
        gateway.deploy("flaky", "team-b", "VmPoweredOnEvent", i -> calls.incrementAndGet() == 1
                ? new LocalGateway.Answer(502, "bad gateway") : LocalGateway.Answer.ok());
        start("");
        CloudEvent event = event("VmPoweredOnEvent");

        assertThat(processor.deliver(event, TIMEOUT).status()).isEqualTo(Status.RETRYABLE);
        DeliveryResult second = processor.deliver(event, TIMEOUT);

        assertThat(second.status()).isEqualTo(Status.REJECTED);
        assertThat(second.detail()).contains("picky.openfaas-fn").contains("bad input");
        assertThat(gateway.count("picky.openfaas-fn")).isEqualTo(1);
    }

    @Test
    void classifiesFunctionAnswersByTheDataPlaneRules() throws Exception {
        gateway.deploy("busy", "openfaas-fn", "Busy", i -> new LocalGateway.Answer(429, "slow down"));
        gateway.deploy("down", "openfaas-fn", "Down", i -> new LocalGateway.Answer(503, "no replicas"));
        gateway.deploy("broken", "openfaas-fn", "Broken", i -> new LocalGateway.Answer(500, "panic"));
        gateway.deploy("strict", "openfaas-fn", "Strict", i -> new LocalGateway.Answer(400, "invalid"));
        gateway.deploy("slow", "openfaas-fn", "Slow", i -> {
            Thread.sleep(2_000);
            return LocalGateway.Answer.ok();
        });
        start("");

        assertThat(processor.deliver(event("Busy"), TIMEOUT).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(processor.deliver(event("Down"), TIMEOUT).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(processor.deliver(event("Broken"), TIMEOUT).status()).isEqualTo(Status.RETRYABLE);
        assertThat(processor.deliver(event("Strict"), TIMEOUT).status()).isEqualTo(Status.REJECTED);
        assertThat(processor.deliver(event("Slow"), Duration.ofMillis(200)).status()).isEqualTo(Status.RETRYABLE);
    }

    @Test
    void aGatewayThatIsGoneMakesTheDestinationUnavailable() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        gateway.close();

        DeliveryResult result = processor.deliver(event("VmPoweredOnEvent"), TIMEOUT);

        assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodListAndIsRetried() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        gateway.systemApiStatus = 500;
        gateway.deploy("late", "openfaas-fn", "LicenseEvent", i -> LocalGateway.Answer.ok());
        int callsBefore = gateway.systemCalls().size();
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.systemCalls().size() >= callsBefore + 3);

        assertThat(processor.wants(event("VmPoweredOnEvent"))).isTrue();
        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();
        assertThat(processor.wants(event("LicenseEvent"))).isFalse();

        gateway.systemApiStatus = 200;
        await().atMost(Duration.ofSeconds(5)).until(() -> processor.wants(event("LicenseEvent")));
    }

    @Test
    void functionsRemovedFromTheGatewayAreNoLongerInvoked() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        gateway.remove("of-echo", "openfaas-fn");

        await().atMost(Duration.ofSeconds(5)).until(() -> !processor.wants(event("VmPoweredOnEvent")));
        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();
        assertThat(gateway.invocations()).isEmpty();
    }

    @Test
    void untilTheListIsReadEveryEventIsWantedAndDeliveryWaits() throws Exception {
        gateway.systemApiStatus = 502;
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        CloudEvent event = event("VmPoweredOnEvent");

        assertThat(processor.wants(event("Anything"))).isTrue();
        assertThat(processor.deliver(event, TIMEOUT).status()).isEqualTo(Status.UNAVAILABLE);

        gateway.systemApiStatus = 200;
        assertThat(processor.deliver(event, TIMEOUT).isDelivered()).isTrue();
        assertThat(processor.wants(event("Anything"))).isFalse();
    }

    @Test
    void wrongCredentialsAreAFailedReadNotACrash() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        OpenFaasConfig config = ConfigSections.bind("""
                address: %s
                auth: {type: basic_auth, basicAuth: {username: admin, password: wrong}}
                """.formatted(gateway.address()), OpenFaasConfig.class);
        processor = new OpenFaasProcessorFactory().create(config, environment);

        DeliveryResult result = processor.deliver(event("VmPoweredOnEvent"), TIMEOUT);

        assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(gateway.invocations()).isEmpty();
    }

    @Test
    void aGatewayWithoutNamespacesInvokesFunctionsByName() throws Exception {
        gateway.namespaces();
        gateway.deploy("of-echo", null, "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");

        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();

        assertThat(gateway.invocations()).extracting(LocalGateway.Invocation::function).containsExactly("of-echo");
        assertThat(gateway.systemCalls()).contains("GET /system/functions");
    }

    @Test
    void asyncModeQueuesThroughTheAsyncRouteAndCountsTheAcceptedCallAsDelivered() throws Exception {
        gateway.deploy("of-fail", "openfaas-fn", "VmPoweredOnEvent", i -> new LocalGateway.Answer(500, "never reached"));
        start("async: true");

        DeliveryResult result = processor.deliver(event("VmPoweredOnEvent"), TIMEOUT);

        assertThat(result.status()).isEqualTo(Status.DELIVERED);
        assertThat(result.statusCode()).isEqualTo(202);
        assertThat(gateway.invocations()).extracting(LocalGateway.Invocation::route).containsExactly("async-function");
    }

    @Test
    void inAsyncModeACallTheGatewayCannotQueueIsRetriedLikeInSyncMode() throws Exception {
        // the original retried only in sync mode; here what the gateway refuses in async mode is retried too
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("async: true");
        gateway.queueStatus = 503;
        CloudEvent event = event("VmPoweredOnEvent");

        assertThat(processor.deliver(event, TIMEOUT).status()).isEqualTo(Status.UNAVAILABLE);
        gateway.queueStatus = 202;
        assertThat(processor.deliver(event, TIMEOUT).isDelivered()).isTrue();
        assertThat(gateway.invocations()).extracting(LocalGateway.Invocation::route)
                .containsExactly("async-function", "async-function");
    }

    @Test
    void eventsWithoutSubjectAreNotWanted() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        CloudEvent noSubject = event(null);

        assertThat(processor.wants(noSubject)).isFalse();
        assertThat(processor.deliver(noSubject, TIMEOUT).isDelivered()).isTrue();
    }

    @Test
    void countsInvocationsPerFunction() throws Exception {
        gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        processor.deliver(event("VmPoweredOnEvent"), TIMEOUT);

        MeterRegistry meters = environment.meterRegistry();
        assertThat(meters.get("eventrouter.openfaas.invocations").tag("function", "of-echo.openfaas-fn")
                .tag("outcome", "success").counter().count()).isEqualTo(1.0);
    }

    @Test
    void neverCrashesOnAGatewayAnsweringNonsense() throws Exception {
        gateway.namespaces("bad name!", "openfaas-fn");
        gateway.deploy("ok", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        start("");
        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();

        gateway.namespacesBody = "<html>maintenance</html>";
        int callsBefore = gateway.systemCalls().size();
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.systemCalls().size() >= callsBefore + 2);

        assertThat(processor.deliver(event("VmPoweredOnEvent"), TIMEOUT).isDelivered()).isTrue();
    }

    @Test
    void throughTheRouterAFailingFunctionIsRetriedAloneAndUnwantedEventsAreAcknowledgedAtOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        gateway.deploy("ok", "openfaas-fn", "VmPoweredOnEvent", i -> LocalGateway.Answer.ok());
        gateway.deploy("flaky", "team-b", "VmPoweredOnEvent", i -> calls.incrementAndGet() <= 2
                ? new LocalGateway.Answer(500, "boom") : LocalGateway.Answer.ok());
        start("");
        DeliveryPolicy delivery = new OpenFaasProcessorFactory().defaultDelivery();
        Route route = new Route("openfaas", "openfaas", EventFilter.ALL, processor, delivery, null);
        Router router = new Router(List.of(route), new RouterObserver() { }, Clock.systemUTC(), wait -> { });
        try {
            EventPublisher publisher = router.publisher("vcenter");

            Acknowledgement unwanted = publisher.publish(event("LicenseEvent"), "vc");
            Acknowledgement wanted = publisher.publish(event("VmPoweredOnEvent"), "vc");

            assertThat(unwanted.isDone()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(wanted::isDone);
        } finally {
            router.close();
        }
        assertThat(gateway.count("ok.openfaas-fn")).isEqualTo(1);
        assertThat(gateway.count("flaky.team-b")).isEqualTo(3);
    }
}
