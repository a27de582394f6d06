package io.eventrouter.vsphere;

import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * govmomi 0.56's simulator keeps 1,001 events, as a real vCenter keeps a bounded history: a router held up for the
 * length of a 1,500-event burst cannot read the oldest ~500 any more. It must say so (a counted gap, a warning) and
 * carry on with the rest; its old collector, now more than 1,000 events behind, stalls silently, which must be
 * noticed too.
 */
class VCenterGapTest {

    @Test
    void eventsGoneFromHistoryBeforeTheyWereReadAreCountedAndTheRestDelivered() throws Exception {
        assertThat(Files.isExecutable(Vcsim.NEWER)).as("govmomi 0.56's vcsim at " + Vcsim.NEWER).isTrue();
        try (Vcsim vcsim = Vcsim.builder().simulator(Vcsim.NEWER).start();
             FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.stallTimeout = Duration.ofSeconds(2);
            config.requestTimeout = Duration.ofSeconds(60);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                vc.hang("ReadNextEvents"); // the router is held up ...
                List<EventPoster.PostableEvent> burst = IntStream.range(0, 1500)
                        .mapToObj(n -> EventPoster.generalUserEvent("burst-" + n)).toList();
                poster.postAll(burst, 4); // ... for the length of a burst
                vc.healAll();

                await().atMost(Duration.ofSeconds(60)).until(() -> messages(harness).contains("burst-1499"));
                double skipped = harness.meters.get("eventrouter.vcenter.skipped.keys").counter().count();
                long delivered = messages(harness).stream().filter(m -> m.startsWith("burst-")).count();
                assertThat(delivered).isBetween(900L, 1001L);
                assertThat(skipped).isGreaterThanOrEqualTo(1500 - delivered); // every burst event is accounted for
                await().atMost(Duration.ofSeconds(5)).until(() -> harness.health.up);
            }
        }
    }
}
