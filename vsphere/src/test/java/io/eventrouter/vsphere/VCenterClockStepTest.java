package io.eventrouter.vsphere;

import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static io.eventrouter.vsphere.VCenterStallTest.names;
import static io.eventrouter.vsphere.VCenterStallTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * vCenter's clock steps five minutes back (an NTP correction, a restored appliance), through the fault-injecting
 * vCenter: events created afterwards are stamped before events already read, and a collector that begins at the last
 * event's time would never return them. No event may be skipped (events read twice are allowed), the step shows in
 * the metrics, and reading goes on without a restart.
 */
class VCenterClockStepTest {

    private static final Duration STEP = Duration.ofMinutes(5);

    @TempDir
    Path temp;

    @Test
    void eventsStampedBeforeTheLastOneReadAreNotSkippedWhileReading() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            try (ProviderHarness harness = new ProviderHarness(config(vc, vcsim).build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                post(poster, "before", 5);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("before", 5)));

                vc.stepClockBack(STEP);
                post(poster, "after", 5);

                await().atMost(Duration.ofSeconds(40)).until(() -> messages(harness).containsAll(names("after", 5)));
                assertThat(harness.meters.get("eventrouter.vcenter.clock.steps").counter().count())
                        .isGreaterThanOrEqualTo(1);
                assertThat(harness.meters.get("eventrouter.vcenter.clock.offset.seconds").gauge().value())
                        .isLessThan(-STEP.toSeconds() + 10);
                assertThat(harness.meters.get("eventrouter.vcenter.key.resets").counter().count())
                        .as("a clock step is not a key reset").isZero();
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);

                post(poster, "later", 3); // and reading goes on
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("later", 3)));
                assertThat(messages(harness)).containsSubsequence("before-4", "after-0", "after-4", "later-2");
            }
        }
    }

    @Test
    void aRestartFromACheckpointWrittenBeforeTheStepSkipsNothing() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            try (ProviderHarness first = new ProviderHarness(config(vc, vcsim).checkpoints(temp).build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.health.up);
                post(poster, "before", 5);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(first).containsAll(names("before", 5)));
            }
            vc.stepClockBack(STEP);
            post(poster, "downtime", 5); // while no router runs

            try (ProviderHarness second = new ProviderHarness(config(vc, vcsim).checkpoints(temp).build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(second).containsAll(names("downtime", 5)));
                assertThat(messages(second)).doesNotContainAnyElementsOf(names("before", 5));
                assertThat(second.meters.get("eventrouter.vcenter.clock.steps").counter().count())
                        .isGreaterThanOrEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> second.health.up);
            }
        }
    }

    private static ProviderHarness.Config config(FaultyVcenter vc, Vcsim vcsim) {
        ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(), vcsim.password());
        config.stallTimeout = Duration.ofSeconds(2);
        config.maxWait = Duration.ofSeconds(1);
        return config;
    }
}
