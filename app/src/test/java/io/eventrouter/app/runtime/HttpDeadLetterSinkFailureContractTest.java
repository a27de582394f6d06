package io.eventrouter.app.runtime;

import io.eventrouter.config.EventEncoding;
import io.eventrouter.deadletter.HttpDeadLetterWriter;
import io.eventrouter.http.ClientTls;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.http.DestinationAddresses;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DeliveryResult.Status;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.CloudEventsReceiver.Reply;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.contract.HttpStatusPaths;
import io.eventrouter.testing.contract.ProcessorFailureContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The HTTP dead-letter sink's failure paths, sorted as a processor's (the contract kit): the router waits for an
 * unavailable sink, retries a retryable failure within the route's budget and drops the event (logged in full) when
 * the sink refuses it for good.
 */
class HttpDeadLetterSinkFailureContractTest extends ProcessorFailureContract {

    private CloudEventsReceiver receiver;

    @BeforeAll
    void startReceiver() throws Exception {
        receiver = CloudEventsReceiver.start();
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    private static DeliveryResult write(URI sink) throws Exception {
        try (HttpDeadLetterWriter writer = new HttpDeadLetterWriter(new CloudEventsDestination(
                DestinationAddresses.fixed(sink), ClientTls.systemDefault(), false,
                EventEncoding.STRUCTURED, null, null), Duration.ofSeconds(5))) {
            return writer.write(VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01"));
        }
    }

    @Override
    protected Stream<FailurePath> failurePaths() {
        Stream<FailurePath> statuses = HttpStatusPaths.knativeRules((status, headers) -> {
            receiver.respondWith(event -> new Reply(status, headers));
            return write(receiver.uri());
        });
        return Stream.concat(statuses, Stream.of(
                FailurePath.of("connection refused", Status.UNAVAILABLE,
                        () -> write(URI.create("http://127.0.0.1:" + FreePorts.next() + "/")))));
    }
}
