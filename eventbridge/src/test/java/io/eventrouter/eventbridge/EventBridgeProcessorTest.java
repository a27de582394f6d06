package io.eventrouter.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The EventBridge processor, running the real AWS SDK (Apache HTTP client, SigV4 signing, JSON 1.1 protocol) against
 * {@link LocalEventBridge}, which verifies every signature.
 */
class EventBridgeProcessorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECTS = "{\"detail\":{\"subject\":[\"VmPoweredOnEvent\",\"VmPoweredOffEvent\"]}}";

    private LocalEventBridge aws;
    private EventProcessor processor;
    private ProcessorEnvironment environment;
    private boolean expectRefusedSignatures;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalEventBridge();
        for (int i = 0; i < 60; i++) {
            aws.addRule("other-" + i, "default", "{\"source\":[\"other-" + i + "\"]}");
        }
        environment = ProcessorEnvironment.of("aws");
    }

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.close();
        }
        aws.close();
        if (!expectRefusedSignatures) {
            assertThat(aws.refusedSignatures()).as("every request carried a valid SigV4 signature").isEmpty();
        }
    }

    private EventProcessor start(String ruleArn, String extra) throws Exception {
        return start(ruleArn, LocalEventBridge.SECRET_KEY, extra);
    }

    private EventProcessor start(String ruleArn, String secret, String extra) throws Exception {
        EventBridgeConfig config = ConfigSections.bind("""
                region: us-west-1
                ruleARN: %s
                endpoint: %s
                %s
                auth:
                  type: aws_access_key
                  awsAccessKeyAuth:
                    accessKey: %s
                    secretKey: "%s"
                %s
                """.formatted(ruleArn, aws.endpoint(),
                        extra.contains("ruleRefreshInterval") ? "" : "ruleRefreshInterval: 50ms",
                        LocalEventBridge.ACCESS_KEY, secret, extra),
                EventBridgeConfig.class);
        processor = new EventBridgeProcessorFactory().create(config, environment);
        return processor;
    }

    @Test
    void findsTheRuleByArnThroughPagesOf50AndSendsMatchingEvents() throws Exception {
        String arn = aws.addRule("vmware-event-router", "default", SUBJECTS).arn();
        // no periodic re-read during the test: it counts the first read's calls (a 50 ms refresh added a third on a
        // loaded machine)
        start(arn, "ruleRefreshInterval: 1h");
        CloudEvent on = VcenterEvents.vmEvent("VmPoweredOnEvent", "Linux-1");

        assertThat(processor.wants(on)).isTrue();
        assertThat(processor.wants(VcenterEvents.vmEvent("LicenseEvent", "Linux-1"))).isFalse();
        assertThat(processor.deliver(on, TIMEOUT).status()).isEqualTo(Status.DELIVERED);

        List<LocalEventBridge.Call> listCalls = aws.calls("ListRules");
        assertThat(listCalls).hasSize(2);
        assertThat(listCalls.getFirst().body().get("Limit").asInt()).isEqualTo(50);
        assertThat(listCalls.getFirst().body().get("EventBusName").asText()).isEqualTo("default");
        assertThat(listCalls.getFirst().body().has("NextToken")).isFalse();
        assertThat(listCalls.get(1).body().get("NextToken").asText()).isEqualTo("page-50");

        JsonNode entry = aws.accepted().getFirst();
        assertThat(entry.get("Source").asText()).isEqualTo("https://vcenter.local/sdk");
        assertThat(entry.get("DetailType").asText()).isEqualTo("VmPoweredOnEvent");
        assertThat(entry.get("EventBusName").asText()).isEqualTo("default");
        JsonNode detail = JSON.readTree(entry.get("Detail").asText());
        assertThat(detail.get("id").asText()).isEqualTo(on.getId());
        assertThat(detail.get("specversion").asText()).isEqualTo("1.0");
        assertThat(detail.get("eventclass").asText()).isEqualTo("event");
        assertThat(detail.get("data").get("Vm").get("Name").asText()).isEqualTo("Linux-1");
    }

    @Test
    void aRuleOnACustomBusIsReadAndItsEventsGoToThatBus() throws Exception {
        String arn = aws.addRule("vsphere-vms", "vsphere", "{\"detail\":{\"data\":{\"Vm\":{\"Name\":[{\"prefix\":\"Linux\"}]}}}}")
                .arn();
        start(arn, "eventBus: vsphere");

        assertThat(processor.deliver(VcenterEvents.vmEvent("VmCreatedEvent", "Linux-9"), TIMEOUT).isDelivered()).isTrue();

        assertThat(aws.accepted()).extracting(e -> e.get("EventBusName").asText()).containsExactly("vsphere");
        assertThat(aws.calls("ListRules").getFirst().body().get("EventBusName").asText()).isEqualTo("vsphere");
    }

    @Test
    void putsUpToTenConsecutiveEventsPerCallAndSkipsTheOnesThePatternDoesNotWant() throws Exception {
        start(aws.addRule("r", "default", SUBJECTS).arn(), "");
        assertThat(processor.maxBatchSize()).isEqualTo(10);
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(VcenterEvents.vmEvent(i == 3 ? "LicenseEvent" : "VmPoweredOnEvent", "vm-" + i, i));
        }

        List<DeliveryResult> results = processor.deliverAll(events, TIMEOUT);

        assertThat(results).allMatch(DeliveryResult::isDelivered);
        assertThat(aws.calls("PutEvents")).hasSize(1);
        assertThat(aws.calls("PutEvents").getFirst().body().get("Entries")).hasSize(9);
        assertThat(aws.accepted()).extracting(e -> JSON.readTree(e.get("Detail").asText()).get("data").get("Key").asInt())
                .containsExactly(0, 1, 2, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void elevenWantedEventsAfterASkippedOneGoOutAsTenAndOne() throws Exception {
        // the original's v0.4 batching checked the count after appending and counted skipped events: 11 in one call
        start(aws.addRule("r", "default", SUBJECTS).arn(), "");
        List<CloudEvent> events = new ArrayList<>(List.of(VcenterEvents.vmEvent("LicenseEvent", "skipped", 0)));
        for (int i = 1; i <= 11; i++) {
            events.add(VcenterEvents.vmEvent("VmPoweredOnEvent", "vm-" + i, i));
        }

        assertThat(processor.deliverAll(events, TIMEOUT)).allMatch(DeliveryResult::isDelivered);

        assertThat(aws.calls("PutEvents")).extracting(c -> c.body().get("Entries").size()).containsExactly(10, 1);
        assertThat(aws.accepted()).hasSize(11);
    }

    @Test
    void splitsRequestsAtThe256KbLimitAndRejectsAnEntryThatCanNeverFit() throws Exception {
        start(aws.addRule("r", "default", SUBJECTS).arn(), "");
        CloudEvent big1 = TestEvents.withData("VmPoweredOnEvent", json(100_000));
        CloudEvent big2 = TestEvents.withData("VmPoweredOnEvent", json(100_000));
        CloudEvent big3 = TestEvents.withData("VmPoweredOnEvent", json(100_000));
        CloudEvent huge = TestEvents.withData("VmPoweredOnEvent", json(300_000));

        List<DeliveryResult> results = processor.deliverAll(List.of(big1, huge, big2, big3), TIMEOUT);

        assertThat(results).extracting(DeliveryResult::status)
                .containsExactly(Status.DELIVERED, Status.REJECTED, Status.DELIVERED, Status.DELIVERED);
        assertThat(results.get(1).detail()).contains("256 KB");
        assertThat(aws.calls("PutEvents")).extracting(c -> c.body().get("Entries").size()).containsExactly(2, 1);
    }

    @Test
    void whenAWholeCallIsRefusedTheRestOfTheBatchIsNotSentAheadOfIt() throws Exception {
        start(aws.addRule("r", "default", SUBJECTS).arn(), "ruleRefreshInterval: 1h");
        aws.throttleNextCalls(1);

        List<DeliveryResult> results = processor.deliverAll(List.of(
                TestEvents.withData("VmPoweredOnEvent", json(200_000)),
                TestEvents.withData("VmPoweredOnEvent", json(200_000))), TIMEOUT);

        assertThat(results).extracting(DeliveryResult::status).containsOnly(Status.UNAVAILABLE);
        assertThat(results.get(1).detail()).startsWith("not attempted");
        assertThat(aws.calls("PutEvents")).hasSize(1);
    }

    @Test
    void failedEntriesAreReportedPerEventAndCounted() throws Exception {
        start(aws.addRule("r", "default", "{\"detail\":{\"subject\":[{\"prefix\":\"Vm\"}]}}").arn(), "");
        aws.entryFailure = entry -> switch (entry.get("DetailType").asText()) {
            case "VmFailingEvent" -> "InternalFailure";
            case "VmThrottledEvent" -> "ThrottlingException";
            default -> null;
        };

        List<DeliveryResult> results = processor.deliverAll(List.of(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"),
                VcenterEvents.vmEvent("VmFailingEvent", "b"), VcenterEvents.vmEvent("VmThrottledEvent", "c"),
                VcenterEvents.vmEvent("VmPoweredOffEvent", "d")), TIMEOUT);

        assertThat(results).extracting(DeliveryResult::status)
                .containsExactly(Status.DELIVERED, Status.RETRYABLE, Status.UNAVAILABLE, Status.DELIVERED);
        assertThat(results.get(1).detail()).startsWith("InternalFailure");
        assertThat(environment.meterRegistry().get("eventrouter.eventbridge.failed.entries")
                .tag("code", "InternalFailure").counter().count()).isEqualTo(1.0);
        assertThat(environment.meterRegistry().get("eventrouter.eventbridge.failed.entries")
                .tag("code", "ThrottlingException").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aThrottledCallMakesTheDestinationUnavailableForTheWholeBatch() throws Exception {
        // no periodic rule re-read: it could be the call that gets throttled
        start(aws.addRule("r", "default", SUBJECTS).arn(), "ruleRefreshInterval: 1h");
        aws.throttleNextCalls(1);

        List<DeliveryResult> results = processor.deliverAll(List.of(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"),
                VcenterEvents.vmEvent("VmPoweredOffEvent", "b")), TIMEOUT);

        assertThat(results).extracting(DeliveryResult::status).containsOnly(Status.UNAVAILABLE);
        assertThat(results.getFirst().statusCode()).isEqualTo(400);
        assertThat(results.getFirst().detail()).startsWith("ThrottlingException");
        assertThat(processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT).isDelivered()).isTrue();
    }

    @Test
    void theEndpointIsDownMeansUnavailable() throws Exception {
        start(aws.addRule("r", "default", SUBJECTS).arn(), "");
        aws.close();

        DeliveryResult result = processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT);

        assertThat(result.status()).isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void theEndpointVerifiesSignaturesAndRefusesAWrongSecret() throws Exception {
        expectRefusedSignatures = true;
        String arn = aws.addRule("r", "default", SUBJECTS).arn();
        start(arn, "not-the-secret", "");

        DeliveryResult result = processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT);

        assertThat(result.status()).as("the pattern cannot be read").isEqualTo(Status.UNAVAILABLE);
        assertThat(aws.refusedSignatures()).isNotEmpty().containsOnly("InvalidSignatureException");
        assertThat(aws.accepted()).isEmpty();
    }

    @Test
    void aRuleChangeIsPickedUpAndAFailedReReadKeepsTheLastGoodPattern() throws Exception {
        LocalEventBridge.StoredRule rule = aws.addRule("r", "default", SUBJECTS);
        start(rule.arn(), "");
        CloudEvent license = VcenterEvents.vmEvent("LicenseEvent", "a");
        assertThat(processor.wants(license)).isFalse();

        aws.listRulesFails = true;
        int before = aws.calls("ListRules").size();
        await().atMost(Duration.ofSeconds(5)).until(() -> aws.calls("ListRules").size() >= before + 3);
        assertThat(processor.wants(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"))).isTrue();
        assertThat(processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT).isDelivered()).isTrue();
        assertThat(aws.accepted()).hasSize(1);

        aws.clearRules();
        aws.addRule("r", "default", "{\"detail\":{\"subject\":[\"LicenseEvent\"]}}");
        aws.listRulesFails = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> processor.wants(license));
        assertThat(processor.wants(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"))).isFalse();
    }

    @Test
    void untilThePatternIsReadEveryEventIsWantedAndDeliveryWaits() throws Exception {
        aws.listRulesFails = true;
        String arn = aws.addRule("r", "default", SUBJECTS).arn();
        start(arn, "");
        CloudEvent on = VcenterEvents.vmEvent("VmPoweredOnEvent", "a");

        assertThat(processor.wants(VcenterEvents.vmEvent("LicenseEvent", "a"))).isTrue();
        assertThat(processor.deliver(on, TIMEOUT).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(aws.calls("PutEvents")).isEmpty();

        aws.listRulesFails = false;
        assertThat(processor.deliver(on, TIMEOUT).isDelivered()).isTrue();
        assertThat(processor.wants(VcenterEvents.vmEvent("LicenseEvent", "a"))).isFalse();
    }

    @Test
    void aMissingRuleOrAScheduledRuleWithoutPatternIsAFailedReadNotACrash() throws Exception {
        LocalEventBridge.StoredRule scheduled = aws.addRule("nightly", "default", null);
        start(scheduled.arn(), "");
        assertThat(processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT).status())
                .isEqualTo(Status.UNAVAILABLE);
        processor.close();

        start("arn:aws:events:us-west-1:1234567890:rule/does-not-exist", "");
        assertThat(processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), TIMEOUT).status())
                .isEqualTo(Status.UNAVAILABLE);
        assertThat(aws.calls("PutEvents")).isEmpty();
    }

    @Test
    void throughTheRouterEventsOfALaneGoInBatchesOfTenInOrderAndAFailedEntryIsRetriedAlone() throws Exception {
        start(aws.addRule("r", "default", SUBJECTS).arn(), "ruleRefreshInterval: 1h"); // no re-read to throttle
        int[] failuresLeft = {1};
        aws.entryFailure = entry -> entry.get("Detail").asText().contains("\"Key\":7,") && failuresLeft[0]-- > 0
                ? "InternalFailure" : null;
        Route route = new Route("aws", "aws_event_bridge", EventFilter.ALL, processor,
                DeliveryPolicy.defaults(), null);
        List<Acknowledgement> acks = new ArrayList<>();
        Router router = new Router(List.of(route), new RouterObserver() { }, Clock.systemUTC(), wait -> { });
        try {
            EventPublisher publisher = router.publisher("vcenter");
            // hold the lane with a first event while the rest queue up behind it
            aws.throttleNextCalls(3);
            for (int i = 0; i < 25; i++) {
                acks.add(publisher.publish(VcenterEvents.vmEvent("VmPoweredOnEvent", "vm-" + i, i), "vc"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> acks.stream().allMatch(Acknowledgement::isDone));
        } finally {
            router.close();
        }
        List<Integer> keys = aws.accepted().stream()
                .map(e -> readTree(e.get("Detail").asText()).get("data").get("Key").asInt()).toList();
        assertThat(keys).hasSize(25).containsExactlyInAnyOrderElementsOf(range(25));
        assertThat(aws.calls("PutEvents")).allMatch(c -> c.body().get("Entries").size() <= 10);
        assertThat(aws.calls("PutEvents").stream().mapToInt(c -> c.body().get("Entries").size()).max().orElse(0))
                .isEqualTo(10);
        List<Integer> withoutRetried = new ArrayList<>(keys);
        withoutRetried.remove(Integer.valueOf(7));
        assertThat(withoutRetried).isSorted();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(i);
        }
        return values;
    }

    /** A JSON document of about {@code bytes} bytes. */
    private static byte[] json(int bytes) {
        char[] filler = new char[bytes];
        Arrays.fill(filler, 'x');
        return ("{\"Key\":1,\"Blob\":\"" + new String(filler) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
