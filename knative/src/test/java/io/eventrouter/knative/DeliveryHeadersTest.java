package io.eventrouter.knative;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.ConfigException;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.VcenterEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every delivery carries in its headers, whatever the destination answered before. */
class DeliveryHeadersTest {

    @Test
    void aDestinationsCookieIsNotSentBackAndTheHostHeaderNamesItsAddress() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             KubernetesAddressResolver resolver = new KubernetesAddressResolver();
             EventProcessor knative = create(receiver, resolver)) {
            receiver.respondWith(event -> new CloudEventsReceiver.Reply(202,
                    Map.of("Set-Cookie", "session=abc123; Path=/")));

            for (int n = 0; n < 3; n++) {
                CloudEvent event = VcenterEvents.vmEvent("VmPoweredOnEvent", "web-0" + n);
                assertThat(knative.deliver(event, Duration.ofSeconds(5)).isDelivered()).isTrue();
            }

            assertThat(receiver.received()).hasSize(3).allSatisfy(received -> {
                assertThat(received.headers()).doesNotContainKey("cookie");
                assertThat(received.headers()).containsEntry("host", "127.0.0.1:" + receiver.port());
            });
        }
    }

    private static EventProcessor create(CloudEventsReceiver receiver, KubernetesAddressResolver resolver)
            throws ConfigException {
        KnativeConfig config = ConfigSections.bind("destination: {uri: %s}".formatted(receiver.uri()),
                KnativeConfig.class);
        return new KnativeProcessorFactory().create(config, new ProcessorEnvironment("knative",
                ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC(), resolver));
    }
}
