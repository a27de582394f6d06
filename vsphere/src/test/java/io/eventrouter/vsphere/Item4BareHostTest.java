package io.eventrouter.vsphere;

import io.eventrouter.config.ConfigException;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, item 4: the original took a bare vCenter host ({@code vc.local}) and read {@code https://vc.local/sdk},
 * as govmomi's {@code soap.ParseURL} does.
 */
class Item4BareHostTest {

    private static final String AUTH = "\nauth: {basicAuth: {username: u, password: p}}\n";

    @Test
    void aBareHostMeansHttpsAndSdk() throws Exception {
        assertThat(VCenterConfigTest.bind("address: vc.local" + AUTH).sdkUrl())
                .isEqualTo(URI.create("https://vc.local/sdk"));
        assertThat(VCenterConfigTest.bind("address: vc.local:8443" + AUTH).sdkUrl())
                .isEqualTo(URI.create("https://vc.local:8443/sdk"));
        assertThat(VCenterConfigTest.bind("address: 10.0.0.1" + AUTH).host()).isEqualTo("10.0.0.1");
        assertThat(VCenterConfigTest.bind("address: http://vc.local" + AUTH).sdkUrl())
                .isEqualTo(URI.create("http://vc.local/sdk"));
        assertThatThrownBy(() -> VCenterConfigTest.bind("address: ftp://vc.local" + AUTH))
                .isInstanceOf(ConfigException.class).hasMessageContaining("address").hasMessageContaining("ftp");
        assertThatThrownBy(() -> VCenterConfigTest.bind("address: 'vc local'" + AUTH))
                .isInstanceOf(ConfigException.class).hasMessageContaining("address");
    }

    @Test
    void theProviderReadsAVcenterNamedByHostAndPortOnly() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            VCenterConfig config = VCenterConfigTest.bind("""
                    address: 127.0.0.1:%d
                    insecureSSL: true
                    auth: {basicAuth: {username: %s, password: %s}}
                    """.formatted(vcsim.port(), vcsim.username(), vcsim.password()));
            assertThat(config.sdkUrl()).isEqualTo(vcsim.sdkUrl());
            try (ProviderHarness harness = new ProviderHarness(config)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                poster.post(EventPoster.generalUserEvent("bare"));
                await().atMost(Duration.ofSeconds(10)).until(() -> VCenterStallTest.messages(harness).contains("bare"));
                assertThat(harness.processor.delivered.getLast().getSource()).isEqualTo(vcsim.sdkUrl());
            }
        }
    }
}
