package io.eventrouter.vsphere;

import io.eventrouter.config.Secret;
import io.eventrouter.testing.ConnectProxy;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static io.eventrouter.vsphere.VCenterStallTest.names;
import static io.eventrouter.vsphere.VCenterStallTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A vCenter behind an HTTP proxy: the provider reaches vcsim's https endpoint through a real CONNECT proxy (TLS end
 * to end through the tunnel), with and without credentials; wrong credentials and a proxy that goes down are clear
 * unready states that heal without a restart.
 */
class VCenterProxyConnectionTest {

    @Test
    void readsThroughTheProxysTunnel() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster();
             ConnectProxy proxy = ConnectProxy.start()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim);
            config.proxy = new ProxySettings(proxy.url(), null, null);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                post(poster, "proxied", 3);
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("proxied", 3)));
                assertThat(proxy.tunnels()).isGreaterThanOrEqualTo(1);
                assertThat(proxy.tunnelTargets()).allMatch(target -> target.equals("127.0.0.1:" + vcsim.port()));
            }
        }
    }

    @Test
    void wrongProxyCredentialsAreAClearUnreadyStateWithoutThePassword() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster();
             ConnectProxy proxy = ConnectProxy.requiring("router", "Right-Pa55")) {
            ProviderHarness.Config wrong = ProviderHarness.config(vcsim);
            wrong.proxy = new ProxySettings(proxy.url(), "router", new Secret("Wr0ng-Pa55"));
            try (ProviderHarness harness = new ProviderHarness(wrong.build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> proxy.refused() >= 2);
                assertThat(harness.health.up).isFalse();
                assertThat(harness.health.reports.getLast()).contains("407", "router@127.0.0.1:" + proxy.port(),
                        "user name and password").doesNotContain("Wr0ng-Pa55");
                assertThat(harness.health.reports).noneMatch(report -> report.contains("Pa55"));
                assertThat(proxy.tunnels()).isZero();
            }

            ProviderHarness.Config right = ProviderHarness.config(vcsim);
            right.proxy = new ProxySettings(proxy.url(), "router", new Secret("Right-Pa55"));
            try (ProviderHarness harness = new ProviderHarness(right.build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                post(poster, "authorised", 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness)
                        .containsAll(names("authorised", 2)));
                assertThat(proxy.tunnels()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aProxyThatGoesDownIsRetriedWithBackoffAndNothingIsLost() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ConnectProxy proxy = ConnectProxy.start();
            int port = proxy.port();
            ProviderHarness.Config config = ProviderHarness.config(vcsim);
            config.proxy = new ProxySettings(proxy.url(), null, null);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                post(poster, "before", 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("before", 2)));

                proxy.close(); // cuts the tunnel under the waiting WaitForUpdatesEx
                post(poster, "outage", 3);
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.downs() >= 3);
                assertThat(harness.health.up).isFalse();
                assertThat(harness.health.reports.getLast()).contains("cannot connect to proxy http://127.0.0.1:"
                        + port);

                try (ConnectProxy back = ConnectProxy.startOn(port, null, null)) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness)
                            .containsAll(names("outage", 3)));
                    assertThat(harness.health.up).isTrue();
                    assertThat(back.tunnels()).isGreaterThanOrEqualTo(1);
                    assertThat(harness.deliveredKeys()).doesNotHaveDuplicates().isSorted();
                }
            }
        }
    }
}
