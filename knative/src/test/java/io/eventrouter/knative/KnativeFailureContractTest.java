package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.CloudEventsReceiver.Reply;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.LoopbackServer;
import io.eventrouter.testing.OneRoute;
import io.eventrouter.testing.TestCertificates;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.contract.HttpStatusPaths;
import io.eventrouter.testing.contract.ProcessorFailureContract;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a delivery to a CloudEvents HTTP destination can fail, sorted on purpose (the contract kit), against a
 * receiver that parses with the CloudEvents SDK; and the poison that used to wedge a processor: an event whose
 * binary-mode headers the HTTP client cannot send failed locally, was taken for a network error and retried for ever.
 */
class KnativeFailureContractTest extends ProcessorFailureContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private CloudEventsReceiver receiver;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private Path dir;

    @BeforeAll
    void startReceiver() throws Exception {
        receiver = CloudEventsReceiver.start();
        dir = Files.createTempDirectory("knative-contract");
    }

    @AfterAll
    void stop() {
        releaseSlow.countDown();
        receiver.close();
    }

    private static EventProcessor knative(URI uri, String encoding) throws Exception {
        KnativeConfig config = ConfigSections.bind("""
                destination: {uri: "%s"}
                encoding: %s
                """.formatted(uri, encoding), KnativeConfig.class);
        return new KnativeProcessorFactory().create(config, ProcessorEnvironment.of("knative"));
    }

    private static DeliveryResult once(URI uri, String encoding, CloudEvent event, Duration timeout) throws Exception {
        try (EventProcessor processor = knative(uri, encoding)) {
            return processor.deliver(event, timeout);
        }
    }

    private static CloudEvent event() {
        return VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01");
    }

    /** An event whose extension is larger than any HTTP client sends as a header. */
    static CloudEvent withHugeExtension(String id) {
        return CloudEventBuilder.from(VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01")).withId(id)
                .withExtension("huge", "x".repeat(64 * 1024)).build();
    }

    @Override
    protected Stream<FailurePath> failurePaths() throws Exception {
        Stream<FailurePath> statuses = HttpStatusPaths.knativeRules((status, headers) -> {
            receiver.respondWith(event -> new Reply(status, headers));
            return once(receiver.uri(), "binary", event(), TIMEOUT);
        });
        return Stream.concat(statuses, Stream.of(
                FailurePath.of("binary-mode headers over the client's limit", Status.REJECTED,
                        () -> once(receiver.uri(), "binary", withHugeExtension("huge"), TIMEOUT)),
                FailurePath.of("connection refused", Status.UNAVAILABLE,
                        () -> once(URI.create("http://127.0.0.1:" + FreePorts.next() + "/"), "binary", event(),
                                TIMEOUT)),
                FailurePath.of("host name that does not resolve", Status.UNAVAILABLE,
                        () -> once(URI.create("http://no-such-host.invalid/"), "binary", event(), TIMEOUT)),
                FailurePath.of("TLS certificate not trusted", Status.UNAVAILABLE, this::untrustedTls),
                FailurePath.of("connection closed before an answer", Status.RETRYABLE,
                        KnativeFailureContractTest::hangUp),
                FailurePath.of("no answer within the timeout", Status.RETRYABLE, () -> {
                    receiver.respondWith(event -> {
                        try {
                            releaseSlow.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Reply.of(202);
                    });
                    return once(receiver.uri(), "binary", event(), Duration.ofMillis(300));
                })));
    }

    private DeliveryResult untrustedTls() throws Exception {
        HttpServer https = LoopbackServer.start(TestCertificates.selfSigned(dir, "untrusted").serverContext(),
                exchange -> {
                    exchange.sendResponseHeaders(202, -1);
                    exchange.close();
                });
        try {
            URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
            return once(uri, "binary", event(), TIMEOUT);
        } finally {
            https.stop(0);
        }
    }

    /** A destination that takes the request and closes the connection without answering. */
    private static DeliveryResult hangUp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread accepting = Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                    in.read(new byte[1024]);
                } catch (Exception ignored) {
                    // the test reads the processor's result
                }
            });
            DeliveryResult result = once(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), "binary",
                    event(), TIMEOUT);
            accepting.join();
            return result;
        }
    }

    @Test
    void aPoisonEventIsDeadLetteredAtOnceAndTheEventsAfterItAreDelivered() throws Exception {
        receiver.respondWith(event -> Reply.of(202));
        List<CloudEvent> deadLetters = new CopyOnWriteArrayList<>();
        DeadLetterWriter collecting = new DeadLetterWriter() {
            @Override
            public DeliveryResult write(CloudEvent event) {
                deadLetters.add(event);
                return DeliveryResult.delivered(0);
            }

            @Override
            public String describe() {
                return "collecting";
            }
        };
        DeliveryPolicy policy = DeliveryPolicy.builder().retry(2).backoffDelay(Duration.ofMillis(1)).build();
        try (EventProcessor processor = knative(receiver.uri(), "binary");
             OneRoute route = new OneRoute(processor, policy, collecting)) {
            Acknowledgement poison = route.publish(withHugeExtension("poison"));
            Acknowledgement after = route.publish(VcenterEvents.vmEvent("VmPoweredOffEvent", "web-01"));

            assertThat(OneRoute.await(poison)).isEqualTo(Acknowledgement.Outcome.DEAD_LETTERED);
            assertThat(OneRoute.await(after)).isEqualTo(Acknowledgement.Outcome.DELIVERED);
            assertThat(route.waits()).as("not retried: it can never be sent").isEmpty();
        }
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.getId()).isEqualTo("poison");
            assertThat(dead.getExtension("knativeerrordata")).isNotNull();
        });
    }
}
