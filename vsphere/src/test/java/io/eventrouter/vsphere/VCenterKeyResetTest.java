package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static io.eventrouter.vsphere.VCenterStallTest.names;
import static io.eventrouter.vsphere.VCenterStallTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * vCenter's event keys start again from a low number with later times (restored from a backup; the simulator restarted
 * behind the same address does exactly that): every later event is delivered, under ids no earlier event had.
 */
class VCenterKeyResetTest {

    @TempDir
    Path temp;

    @Test
    void keysThatStartAgainWhileReadingAreDeliveredUnderNewIds() throws Exception {
        Vcsim vcsim = Vcsim.builder().start();
        try (FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             ProviderHarness harness = new ProviderHarness(config(vc, vcsim).checkpoints(temp).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
            try (EventPoster poster = vcsim.eventPoster()) {
                post(poster, "before", 40);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("before", 40)));
            Set<String> idsBefore = ids(harness.processor.delivered);
            int highestKeyBefore = harness.deliveredKeys().stream().mapToInt(Integer::intValue).max().orElseThrow();

            vcsim.kill();
            vcsim = vcsim.restart(); // a new history behind the same address: keys from 1 again
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
            int deliveredBefore = harness.processor.delivered.size();
            try (EventPoster poster = vcsim.eventPoster()) {
                post(poster, "after", 30);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("after", 30)));
            List<CloudEvent> after = harness.processor.delivered.subList(deliveredBefore,
                    harness.processor.delivered.size());
            assertThat(after.stream().map(ProviderHarness::key)).anyMatch(key -> key < highestKeyBefore);
            assertThat(ids(after)).hasSize(after.size()).doesNotContainAnyElementsOf(idsBefore);
            assertThat(harness.meters.get("eventrouter.vcenter.key.resets").counter().count()).isGreaterThanOrEqualTo(1);
            assertThat(harness.health.up).isTrue();
        } finally {
            vcsim.close();
        }
    }

    @Test
    void aCheckpointFromBeforeTheResetKeepsReading() throws Exception {
        Vcsim vcsim = Vcsim.builder().start();
        try (FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null)) {
            Set<String> idsBefore;
            try (ProviderHarness first = new ProviderHarness(config(vc, vcsim).checkpoints(temp).build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.health.up);
                try (EventPoster poster = vcsim.eventPoster()) {
                    post(poster, "before", 40);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(first).containsAll(names("before", 40)));
                idsBefore = ids(first.processor.delivered);
            }
            vcsim.kill();
            vcsim = vcsim.restart(); // while the router is stopped
            try (EventPoster poster = vcsim.eventPoster()) {
                post(poster, "restored", 10);
            }
            try (ProviderHarness second = new ProviderHarness(config(vc, vcsim).checkpoints(temp).build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(second).containsAll(names("restored", 10)));
                try (EventPoster poster = vcsim.eventPoster()) {
                    post(poster, "later", 5);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(second).containsAll(names("later", 5)));
                assertThat(ids(second.processor.delivered)).doesNotContainAnyElementsOf(idsBefore);
            }
        } finally {
            vcsim.close();
        }
    }

    private static ProviderHarness.Config config(FaultyVcenter vc, Vcsim vcsim) {
        return new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(), vcsim.password());
    }

    private static Set<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getId).collect(Collectors.toSet());
    }
}
