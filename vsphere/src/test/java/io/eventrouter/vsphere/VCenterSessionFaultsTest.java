package io.eventrouter.vsphere;

import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static io.eventrouter.vsphere.VCenterStallTest.names;
import static io.eventrouter.vsphere.VCenterStallTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sessions that expire at any call, hung calls, and a cap of one collector per session, through the fault-injecting
 * vCenter: the provider logs in again and resumes after the last event handed on, with nothing lost or repeated.
 */
class VCenterSessionFaultsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ReadNextEvents", "WaitForUpdatesEx", "CurrentTime", "CreateCollectorForEvents"})
    void aSessionExpiringAtAnyCallIsRenewedWithoutLossOrRepeat(String method) throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            vc.collectorLimit(1); // a new collector in the same session without destroying the old one would fail
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.maxWait = Duration.ofSeconds(1);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                post(poster, "before", 5);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("before", 5)));
                int logins = vc.calls("Login");

                vc.expireSessions(); // the idle timeout: the next call of any kind fails
                vc.expireSessionAt(method);
                post(poster, "after", 5);

                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("after", 5)));
                assertThat(vc.calls("Login")).isGreaterThan(logins);
                assertThat(harness.deliveredKeys()).doesNotHaveDuplicates().isSorted();
                assertThat(messages(harness).stream().filter(m -> !m.isEmpty())).doesNotHaveDuplicates();
                assertThat(vc.collectorsRefused()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> harness.health.up);
            }
        }
    }

    @Test
    void aHungCallIsAbandonedAndTheSessionRebuilt() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.requestTimeout = Duration.ofSeconds(1);
            config.maxWait = Duration.ofSeconds(1);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                post(poster, "before", 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("before", 3)));
                int logins = vc.calls("Login");

                vc.hang("ReadNextEvents");
                post(poster, "during", 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> vc.hungCalls() >= 1 && !harness.health.up);
                assertThat(harness.health.reports.getLast()).contains("no answer");

                vc.healAll();
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("during", 3)));
                assertThat(vc.calls("Login")).isGreaterThan(logins);
                assertThat(harness.deliveredKeys()).doesNotHaveDuplicates().isSorted();
                await().atMost(Duration.ofSeconds(5)).until(() -> harness.health.up);
            }
        }
    }
}
