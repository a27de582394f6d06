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

/**
 * The original's defects with a plain {@code uri}: it needed in-cluster Kubernetes even then, and ignored
 * {@code auth}. Here the resolver is the real one the application loads, and it is never asked for a cluster.
 */
class KnativeWithoutKubernetesTest {

    @Test
    void aPlainUriNeedsNoKubernetesAndAuthIsSent() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             KubernetesAddressResolver resolver = new KubernetesAddressResolver();
             EventProcessor knative = create(receiver, resolver)) {
            CloudEvent event = VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01");

            assertThat(knative.deliver(event, Duration.ofSeconds(5)).isDelivered()).isTrue();

            assertThat(resolver.connected()).as("no Kubernetes client was made").isFalse();
            assertThat(knative.describe()).isEqualTo(receiver.uri().toString());
            assertThat(receiver.received()).singleElement().satisfies(received -> {
                assertThat(received.event().getId()).isEqualTo(event.getId());
                assertThat(received.mode()).isEqualTo("structured");
                assertThat(received.headers()).containsEntry("authorization", "Basic YWRtaW46UmVwbGFjZU1l");
            });
        }
    }

    /** Every delivery stands alone: a destination's cookie is not sent back; the Host header names its address. */
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
        KnativeConfig config = ConfigSections.bind("""
                destination:
                  uri: %s
                auth:
                  type: basic_auth
                  basicAuth: {username: admin, password: ReplaceMe}
                """.formatted(receiver.uri()), KnativeConfig.class);
        return new KnativeProcessorFactory().create(config, new ProcessorEnvironment("knative",
                ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC(), resolver));
    }
}
