package io.eventrouter.eventbridge;

import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.contract.ProcessorFailureContract;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every way a PutEvents delivery can fail, sorted on purpose (the contract kit), against {@link LocalEventBridge}, an
 * endpoint that implements EventBridge's JSON protocol and verifies SigV4: entry error codes as EventBridge documents
 * them (retryable: InternalFailure; throttling waits; the non-retryable ones are permanent), a throttled call, an
 * entry that can never fit, a wrong secret, an unreachable endpoint and a rule that cannot be read.
 */
class EventBridgeFailureContractTest extends ProcessorFailureContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private LocalEventBridge aws;
    private String ruleArn;

    @BeforeAll
    void startEndpoint() throws Exception {
        aws = new LocalEventBridge();
        ruleArn = aws.addRule("all-vm", "default", "{\"detail\":{\"subject\":[{\"prefix\":\"Vm\"}]}}").arn();
    }

    @AfterAll
    void stop() {
        aws.close();
    }

    private DeliveryResult deliverOnce(URI endpoint, String rule, String secret, CloudEvent event) throws Exception {
        return deliverOnce(endpoint, rule, secret, event, () -> { });
    }

    /** @param beforeDelivery runs once the processor has read the rule */
    private DeliveryResult deliverOnce(URI endpoint, String rule, String secret, CloudEvent event,
                                       Runnable beforeDelivery) throws Exception {
        EventBridgeConfig config = ConfigSections.bind("""
                region: us-west-1
                ruleARN: %s
                endpoint: %s
                auth:
                  type: aws_access_key
                  awsAccessKeyAuth: {accessKey: %s, secretKey: "%s"}
                """.formatted(rule, endpoint, LocalEventBridge.ACCESS_KEY, secret), EventBridgeConfig.class);
        try (EventProcessor processor = new EventBridgeProcessorFactory().create(config,
                ProcessorEnvironment.of("aws"))) {
            beforeDelivery.run();
            return processor.deliver(event, TIMEOUT);
        }
    }

    private DeliveryResult deliverOnce(CloudEvent event) throws Exception {
        return deliverOnce(aws.endpoint(), ruleArn, LocalEventBridge.SECRET_KEY, event);
    }

    private static CloudEvent event() {
        return VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01");
    }

    private FailurePath entryError(String code, Status expected) {
        return FailurePath.of("entry answered " + code, expected, () -> {
            aws.entryFailure = entry -> code;
            try {
                return deliverOnce(event());
            } finally {
                aws.entryFailure = entry -> null;
            }
        });
    }

    @Override
    protected Stream<FailurePath> failurePaths() {
        List<FailurePath> paths = new ArrayList<>();
        paths.add(entryError("InternalFailure", Status.RETRYABLE));
        paths.add(entryError("ThrottlingException", Status.UNAVAILABLE));
        for (String code : List.of("AccessDeniedException", "InvalidAccountIdException", "InvalidArgument",
                "MalformedDetail", "RedactionFailure", "NotAuthorizedForSourceException",
                "NotAuthorizedForDetailTypeException")) {
            paths.add(entryError(code, Status.REJECTED));
        }
        paths.add(entryError("SomeFutureError", Status.RETRYABLE));
        paths.add(FailurePath.of("the whole call throttled", Status.UNAVAILABLE,
                () -> deliverOnce(aws.endpoint(), ruleArn, LocalEventBridge.SECRET_KEY, event(),
                        () -> aws.throttleNextCalls(1))));
        paths.add(FailurePath.of("an entry over the 256 KB limit", Status.REJECTED, () -> {
            byte[] data = ("{\"x\":\"" + "y".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            return deliverOnce(CloudEventBuilder.from(event()).withData("application/json", data).build());
        }));
        // the rule cannot be read with them either, so nothing is sent: the events wait for an operator
        paths.add(FailurePath.of("credentials the endpoint refuses", Status.UNAVAILABLE,
                () -> deliverOnce(aws.endpoint(), ruleArn, "wrong-secret", event())));
        paths.add(FailurePath.of("the endpoint cannot be reached", Status.UNAVAILABLE,
                () -> deliverOnce(URI.create("http://127.0.0.1:" + FreePorts.next()), ruleArn,
                        LocalEventBridge.SECRET_KEY, event())));
        paths.add(FailurePath.of("the rule's pattern cannot be read", Status.UNAVAILABLE,
                () -> deliverOnce(aws.endpoint(), ruleArn.replace("all-vm", "missing"), LocalEventBridge.SECRET_KEY,
                        event())));
        return paths.stream();
    }
}
