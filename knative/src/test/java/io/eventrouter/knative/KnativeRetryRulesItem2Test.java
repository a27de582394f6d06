package io.eventrouter.knative;

import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.RetryRules;
import io.eventrouter.spi.Acknowledgement.Outcome;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.CloudEventsReceiver.Reply;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.OneRoute;
import io.eventrouter.testing.VcenterEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compatibility item 2 (retry semantics), Knative: in the original's formats the original's rules (the CloudEvents
 * Go SDK's: 404/413/425/429/502/503/504 retried 3 times, waits of 200, 400, 800 ms, any other status sent once);
 * in eventrouter.io/v1 Knative's data-plane rules. Real HTTP to a receiver that parses with the CloudEvents SDK.
 */
class KnativeRetryRulesItem2Test {

    private final KnativeProcessorFactory factory = new KnativeProcessorFactory();
    private CloudEventsReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = CloudEventsReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private Outcome deliver(DeliveryPolicy policy, OneRoute[] route) throws Exception {
        KnativeConfig config = ConfigSections.bind("destination: {uri: \"" + receiver.uri() + "\"}",
                KnativeConfig.class);
        EventProcessor processor = factory.create(config, ProcessorEnvironment.of("knative").withOriginalRetryRules(policy.retryRules() == RetryRules.ORIGINAL));
        route[0] = new OneRoute(processor, policy);
        try {
            return route[0].deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01"));
        } finally {
            route[0].close();
            processor.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {404, 413, 425, 429, 502, 503, 504})
    void originalRulesRetryTheSdksStatusesThreeTimesThenGiveUp(int status) throws Exception {
        receiver.respondWith(event -> Reply.of(status));
        OneRoute[] route = new OneRoute[1];

        Outcome outcome = deliver(factory.defaultDeliveryInOriginalFormats(), route);

        assertThat(outcome).isEqualTo(Outcome.DROPPED);
        assertThat(receiver.requestCount()).as("1 call + 3 retries").isEqualTo(4);
        assertThat(route[0].waits()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {500, 400, 408, 409, 501})
    void originalRulesSendAnyOtherStatusOnce(int status) throws Exception {
        receiver.respondWith(event -> Reply.of(status));
        OneRoute[] route = new OneRoute[1];

        assertThat(deliver(factory.defaultDeliveryInOriginalFormats(), route)).isEqualTo(Outcome.DROPPED);
        assertThat(receiver.requestCount()).isEqualTo(1);
        assertThat(route[0].waits()).isEmpty();
    }

    @Test
    void v1KeepsKnativesRules500IsRetried413IsNot() throws Exception {
        assertThat(factory.defaultDelivery().retryRules()).isEqualTo(RetryRules.KNATIVE);
        OneRoute[] route = new OneRoute[1];
        receiver.respondWith(event -> Reply.of(500));
        assertThat(deliver(factory.defaultDelivery(), route)).isEqualTo(Outcome.DROPPED);
        assertThat(receiver.requestCount()).isEqualTo(4);

        receiver.respondWith(event -> Reply.of(413));
        assertThat(deliver(factory.defaultDelivery(), route)).isEqualTo(Outcome.DROPPED);
        assertThat(receiver.requestCount()).as("413 is final under Knative's rules").isEqualTo(5);
    }

    @Test
    void v1Holds429WithoutUsingUpRetriesUntilTheDestinationTakesIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.respondWith(event -> Reply.of(calls.incrementAndGet() <= 10 ? 429 : 202));
        OneRoute[] route = new OneRoute[1];

        assertThat(deliver(factory.defaultDelivery(), route)).isEqualTo(Outcome.DELIVERED);
        assertThat(receiver.requestCount()).as("more attempts than retry allows: 429 is 'unavailable'").isEqualTo(11);
    }
}
