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
