package io.eventrouter.app;

import io.cloudevents.CloudEvent;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.horizon.LocalHorizon;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 6: Horizon events have the original's attributes (no {@code subject}, the time cut to the second)
 * when the configuration is the original's v1alpha1, and this router's (the event type as {@code subject}, the time to
 * the millisecond) in {@code eventrouter.io/v1}. Both in UTC.
 */
class Item6HorizonAttributesTest {

    /** An audit event time with milliseconds. */
    private static final long TIME = Instant.parse("2024-05-01T08:00:00.123Z").toEpochMilli();

    static String v1alpha1(LocalHorizon horizon, CloudEventsReceiver receiver) {
        return """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: horizon}
                eventProvider:
                  type: horizon
                  name: veba-horizon
                  horizon:
                    address: %s
                    insecureSSL: false
                    auth:
                      type: active_directory
                      activeDirectoryAuth: {domain: %s, username: %s, password: %s}
                eventProcessor:
                  type: knative
                  name: veba-knative
                  knative:
                    encoding: structured
                    destination: {uri: "%s"}
                metricsProvider:
                  type: default
                  name: metrics
                  default: {bindAddress: "127.0.0.1:0"}
                """.formatted(horizon.address(), LocalHorizon.DOMAIN, LocalHorizon.USER, LocalHorizon.PASSWORD,
                receiver.uri());
    }

    static String v1(LocalHorizon horizon, CloudEventsReceiver receiver) {
        return """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: horizon}
                eventProviders:
                  - type: horizon
                    name: veba-horizon
                    horizon:
                      address: %s
                      auth:
                        type: active_directory
                        activeDirectoryAuth: {domain: %s, username: %s, password: %s}
                eventProcessors:
                  - type: knative
                    name: veba-knative
                    knative: {encoding: structured, destination: {uri: "%s"}}
                metricsProvider:
                  type: default
                  name: metrics
                  default: {bindAddress: "127.0.0.1:0"}
                """.formatted(horizon.address(), LocalHorizon.DOMAIN, LocalHorizon.USER, LocalHorizon.PASSWORD,
                receiver.uri());
    }

    /** Runs the router on {@code yaml} until the receiver has the one audit event; returns what it received. */
    static CloudEventsReceiver.Received oneEvent(LocalHorizon horizon, CloudEventsReceiver receiver, String yaml)
            throws Exception {
        horizon.addEvent(TIME, "VLSI_USERLOGGEDIN");
        try (RunningRouter ignored = RunningRouter.start(yaml)) {
            await().atMost(15, TimeUnit.SECONDS).until(() -> !receiver.received().isEmpty());
        }
        return receiver.received().getFirst();
    }

    @Test
    void item6_theOriginalsConfigurationGetsTheOriginalsAttributes() throws Exception {
        try (LocalHorizon horizon = new LocalHorizon(); CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            CloudEventsReceiver.Received received = oneEvent(horizon, receiver, v1alpha1(horizon, receiver));

            CloudEvent event = received.event();
            assertThat(event.getType()).isEqualTo("com.vmware.event.router/horizon.vlsi_userloggedin.v0");
            assertThat(event.getSubject()).isNull();
            assertThat(event.getTime()).isEqualTo(OffsetDateTime.of(2024, 5, 1, 8, 0, 0, 0, ZoneOffset.UTC));
            assertThat(new String(received.body(), StandardCharsets.UTF_8))
                    .contains("\"time\":\"2024-05-01T08:00:00Z\"").doesNotContain("\"subject\"");
        }
    }

    @Test
    void item6_ourConfigurationGetsOurAttributes() throws Exception {
        try (LocalHorizon horizon = new LocalHorizon(); CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            CloudEventsReceiver.Received received = oneEvent(horizon, receiver, v1(horizon, receiver));

            CloudEvent event = received.event();
            assertThat(event.getSubject()).isEqualTo("VLSI_USERLOGGEDIN");
            assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2024-05-01T08:00:00.123Z"));
            assertThat(new String(received.body(), StandardCharsets.UTF_8))
                    .contains("\"time\":\"2024-05-01T08:00:00.123Z\"");
        }
    }
}
