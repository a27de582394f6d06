package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.testing.TimeMarks;
import io.eventrouter.vsphere.ReplayWindow.Ago;
import io.eventrouter.vsphere.ReplayWindow.At;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A window of vcsim's history, replayed once: exactly its events, each delivered before the replay is finished. */
class VCenterReplayTest {

    private static Vcsim vcsim;
    private static Instant windowStart;
    private static Instant windowEnd;

    @BeforeAll
    static void history() throws Exception {
        vcsim = Vcsim.builder().start();
        try (EventPoster poster = vcsim.eventPoster()) {
            poster.post(EventPoster.generalUserEvent("before"));
            windowStart = TimeMarks.quietMark();
            for (int i = 1; i <= 3; i++) {
                poster.post(EventPoster.generalUserEvent("inside-" + i));
            }
            windowEnd = TimeMarks.quietMark();
            poster.post(EventPoster.generalUserEvent("after"));
        }
    }

    @AfterAll
    static void stop() {
        vcsim.close();
    }

    private static ProviderHarness replay(ReplayWindow window) throws Exception {
        return new ProviderHarness(new VCenterReplay(ProviderHarness.config(vcsim).build(), window),
                ClientTls.systemDefault());
    }

    private static VCenterReplay.Result finished(ProviderHarness harness) throws Exception {
        return ((VCenterReplay) harness.provider).finished().get(20, TimeUnit.SECONDS);
    }

    @Test
    void replaysExactlyTheWindowAndFinishesOnceItIsDelivered() throws Exception {
        try (ProviderHarness harness = replay(new ReplayWindow(new At(windowStart), new At(windowEnd)))) {
            VCenterReplay.Result result = finished(harness);

            assertThat(VCenterProviderTest.messages(harness)).containsExactly("inside-1", "inside-2", "inside-3");
            assertThat(result.read()).isEqualTo(3);
            assertThat(result.unreadable()).isZero();
            assertThat(result.begin()).isEqualTo(windowStart);
            assertThat(result.end()).isEqualTo(windowEnd);
            assertThat(harness.health.reports).contains("up");
        }
    }

    @Test
    void aWindowWithoutEndStopsAtVCentersCurrentTime() throws Exception {
        try (ProviderHarness harness = replay(new ReplayWindow(new Ago(Duration.ofHours(1)), null))) {
            VCenterReplay.Result result = finished(harness);

            // the simulator's inventory history, the posted events, and the replay's own login (or not: it is
            // stamped at about the time the window closes), in key order
            List<Integer> keys = harness.deliveredKeys();
            assertThat(keys).isSorted().startsWith(1);
            assertThat(VCenterProviderTest.messages(harness)).containsSubsequence("before", "inside-1", "after");
            assertThat(result.read()).isEqualTo(keys.size());
        }
    }

    @Test
    void aDeadLetteredEventStillFinishesTheReplay() throws Exception {
        try (ProviderHarness harness = replay(new ReplayWindow(new At(windowStart), new At(windowEnd)))) {
            harness.processor.behaviour = event -> message(event).equals("inside-2")
                    ? DeliveryResult.rejected(400, "bad") : DeliveryResult.delivered(200);
            VCenterReplay.Result result = finished(harness);
            assertThat(result.read()).isEqualTo(3);
            assertThat(VCenterProviderTest.messages(harness)).containsExactly("inside-1", "inside-3");
        }
    }

    @Test
    void aWrongPasswordFailsTheReplayInsteadOfRetrying() throws Exception {
        ProviderHarness.Config config = ProviderHarness.config(vcsim);
        config.password = "wrong";
        try (ProviderHarness harness = new ProviderHarness(new VCenterReplay(config.build(),
                new ReplayWindow(new Ago(Duration.ofHours(1)), null)), ClientTls.systemDefault())) {
            assertThatThrownBy(() -> finished(harness)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("InvalidLogin");
            assertThat(harness.processor.attempts).isEmpty();
        }
    }

    private static String message(CloudEvent event) {
        return VCenterProviderTest.message(event);
    }
}
