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
import io.eventrouter.testing.eventbridge.SigV4Verifier;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every way a PutEvents delivery can fail, sorted on purpose (the contract kit), against {@link LocalEventBridge}, an
 * endpoint that implements EventBridge's JSON protocol and verifies SigV4: entry error codes as EventBridge documents
 * them (retryable: InternalFailure; throttling waits; the non-retryable ones are permanent), a throttled call, an
 * entry that can never fit, a call refused as a whole (5xx, 503, 413, other 4xx), no answer in time, a wrong secret,
 * an unreachable endpoint and a rule that cannot be read.
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
        return deliverOnce(endpoint, rule, secret, event, beforeDelivery, TIMEOUT);
    }

    private DeliveryResult deliverOnce(URI endpoint, String rule, String secret, CloudEvent event,
                                       Runnable beforeDelivery, Duration timeout) throws Exception {
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
            return processor.deliver(event, timeout);
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

    /** The PutEvents call as a whole answered with {@code status} and {@code code} (after the rule was read). */
    private FailurePath callRefused(int status, String code, Status expected) {
        return FailurePath.of("PutEvents answered " + status + " " + code, expected, () -> {
            aws.putEventsFailureStatus = status;
            aws.putEventsFailure = new SigV4Verifier.Failure(code, code + " for this call");
            try {
                return deliverOnce(event());
            } finally {
                aws.putEventsFailure = null;
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
        paths.add(callRefused(500, "InternalException", Status.RETRYABLE));
        paths.add(callRefused(503, "ServiceUnavailableException", Status.UNAVAILABLE));
        paths.add(callRefused(413, "RequestEntityTooLargeException", Status.REJECTED));
        // after the rule was read: an operator must fix credentials, permissions or the bus; retried within the budget
        paths.add(callRefused(400, "ResourceNotFoundException", Status.RETRYABLE));
        paths.add(callRefused(403, "AccessDeniedException", Status.RETRYABLE));
        paths.add(FailurePath.of("no answer within the timeout", Status.RETRYABLE, () -> {
            CountDownLatch release = new CountDownLatch(1);
            aws.entryFailure = entry -> {
                try {
                    release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            };
            try {
                return deliverOnce(aws.endpoint(), ruleArn, LocalEventBridge.SECRET_KEY, event(), () -> { },
                        Duration.ofMillis(500));
            } finally {
                release.countDown();
                aws.entryFailure = entry -> null;
            }
        }));
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
