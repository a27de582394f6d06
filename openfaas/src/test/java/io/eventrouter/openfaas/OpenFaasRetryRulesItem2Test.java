package io.eventrouter.openfaas;

import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.RetryRules;
import io.eventrouter.spi.Acknowledgement.Outcome;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.OneRoute;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.openfaas.LocalGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compatibility item 2 (retry semantics), OpenFaaS: in the original's formats its retry.go rules (429 and 5xx but
 * 501 retried, 1 + 3 calls waiting 1, 2, 4 s; any other status final); in eventrouter.io/v1 Knative's rules. Against
 * {@link LocalGateway}, a gateway speaking OpenFaaS's HTTP API.
 */
class OpenFaasRetryRulesItem2Test {

    private static final String FUNCTION = "fn.openfaas-fn";
    private final OpenFaasProcessorFactory factory = new OpenFaasProcessorFactory();
    private LocalGateway gateway;
    private OneRoute route;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = new LocalGateway("admin", "s3cret");
        gateway.namespaces("openfaas-fn");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Outcome deliver(DeliveryPolicy policy) throws Exception {
        OpenFaasConfig config = ConfigSections.bind("""
                address: %s
                auth: {type: basic_auth, basicAuth: {username: admin, password: s3cret}}
                """.formatted(gateway.address()), OpenFaasConfig.class);
        EventProcessor processor = factory.create(config, ProcessorEnvironment.of("openfaas").withOriginalRetryRules(policy.retryRules() == RetryRules.ORIGINAL));
        route = new OneRoute(processor, policy);
        try {
            return route.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01"));
        } finally {
            route.close();
            processor.close();
        }
    }

    private void deploy(int status) {
        gateway.deploy("fn", "openfaas-fn", "VmPoweredOnEvent", i -> new LocalGateway.Answer(status, "failed"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void originalRulesMakeOnePlusThreeCallsWaitingOneTwoFourSeconds(int status) throws Exception {
        deploy(status);

        assertThat(deliver(factory.defaultDeliveryInOriginalFormats())).isEqualTo(Outcome.DROPPED);

        assertThat(gateway.count(FUNCTION)).isEqualTo(1 + 3);
        assertThat(route.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 404, 408, 501})
    void originalRulesCallOnceForOtherStatuses(int status) throws Exception {
        deploy(status);

        assertThat(deliver(factory.defaultDeliveryInOriginalFormats())).isEqualTo(Outcome.DROPPED);

        assertThat(gateway.count(FUNCTION)).isEqualTo(1);
    }

    @Test
    void v1KeepsKnativesRules501And404AreRetried() throws Exception {
        assertThat(factory.defaultDelivery().retryRules()).isEqualTo(RetryRules.KNATIVE);
        deploy(501);
        assertThat(deliver(factory.defaultDelivery())).isEqualTo(Outcome.DROPPED);
        assertThat(gateway.count(FUNCTION)).isEqualTo(1 + 3);

        deploy(404);
        assertThat(deliver(factory.defaultDelivery())).isEqualTo(Outcome.DROPPED);
        assertThat(gateway.count(FUNCTION)).isEqualTo(2 * (1 + 3));
    }

    @Test
    void v1Holds429WithoutUsingUpRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        gateway.deploy("fn", "openfaas-fn", "VmPoweredOnEvent", i -> calls.incrementAndGet() <= 6
                ? new LocalGateway.Answer(429, "busy") : LocalGateway.Answer.ok());

        assertThat(deliver(factory.defaultDelivery())).isEqualTo(Outcome.DELIVERED);
        assertThat(gateway.count(FUNCTION)).isEqualTo(7);
    }
}
