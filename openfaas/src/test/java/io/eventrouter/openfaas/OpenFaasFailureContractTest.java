package io.eventrouter.openfaas;

import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.contract.HttpStatusPaths;
import io.eventrouter.testing.contract.ProcessorFailureContract;
import io.eventrouter.testing.openfaas.LocalGateway;
import io.eventrouter.testing.openfaas.LocalGateway.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every way an OpenFaaS delivery can fail, sorted on purpose (the contract kit), against {@link LocalGateway}: a
 * function's answer by Knative's rules, the worst of several functions' answers, a function that does not answer in
 * time, a function list that cannot be read, an unreachable gateway and a gateway queue that is down.
 */
class OpenFaasFailureContractTest extends ProcessorFailureContract {

    private LocalGateway gateway;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = new LocalGateway("admin", "s3cret");
        gateway.namespaces("openfaas-fn");
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private static DeliveryResult deliverOnce(URI address, String extra) throws Exception {
        return deliverOnce(address, extra, Duration.ofSeconds(5));
    }

    private static DeliveryResult deliverOnce(URI address, String extra, Duration timeout) throws Exception {
        OpenFaasConfig config = ConfigSections.bind("""
                address: %s
                auth: {type: basic_auth, basicAuth: {username: admin, password: s3cret}}
                %s
                """.formatted(address, extra), OpenFaasConfig.class);
        try (EventProcessor processor = new OpenFaasProcessorFactory().create(config,
                ProcessorEnvironment.of("openfaas"))) {
            return processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01"), timeout);
        }
    }

    private DeliveryResult functions(Answer first, Answer second) throws Exception {
        gateway.deploy("first", "openfaas-fn", "VmPoweredOnEvent", i -> first);
        if (second == null) {
            gateway.remove("second", "openfaas-fn");
        } else {
            gateway.deploy("second", "openfaas-fn", "VmPoweredOnEvent", i -> second);
        }
        return deliverOnce(gateway.address(), "");
    }

    @Override
    protected Stream<FailurePath> failurePaths() {
        Stream<FailurePath> statuses = HttpStatusPaths.knativeRules((status, headers) -> {
            gateway.systemApiStatus = 200;
            return functions(new Answer(status, "answer", headers), null);
        });
        return Stream.concat(statuses, Stream.of(
                FailurePath.of("one function refuses, another fails retryably", Status.RETRYABLE,
                        () -> functions(new Answer(400, "bad"), new Answer(500, "boom"))),
                FailurePath.of("one function took it, another refuses", Status.REJECTED,
                        () -> functions(Answer.ok(), new Answer(422, "bad"))),
                FailurePath.of("one function refuses, another is overloaded", Status.UNAVAILABLE,
                        () -> functions(new Answer(400, "bad"), new Answer(429, "busy"))),
                FailurePath.of("the function list cannot be read", Status.UNAVAILABLE, () -> {
                    gateway.systemApiStatus = 500;
                    try {
                        return functions(Answer.ok(), null);
                    } finally {
                        gateway.systemApiStatus = 200;
                    }
                }),
                FailurePath.of("a function that does not answer within the timeout", Status.RETRYABLE, () -> {
                    CountDownLatch release = new CountDownLatch(1);
                    gateway.deploy("first", "openfaas-fn", "VmPoweredOnEvent", i -> {
                        release.await(10, TimeUnit.SECONDS);
                        return Answer.ok();
                    });
                    gateway.remove("second", "openfaas-fn");
                    try {
                        return deliverOnce(gateway.address(), "", Duration.ofMillis(500));
                    } finally {
                        release.countDown();
                    }
                }),
                FailurePath.of("the gateway cannot be reached", Status.UNAVAILABLE,
                        () -> deliverOnce(URI.create("http://127.0.0.1:" + FreePorts.next()), "")),
                FailurePath.of("the gateway's async queue is down", Status.UNAVAILABLE, () -> {
                    gateway.deploy("first", "openfaas-fn", "VmPoweredOnEvent", i -> Answer.ok());
                    gateway.remove("second", "openfaas-fn");
                    gateway.queueStatus = 503;
                    try {
                        return deliverOnce(gateway.address(), "async: true");
                    } finally {
                        gateway.queueStatus = 202;
                    }
                })));
    }
}
