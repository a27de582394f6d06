package io.eventrouter.vsphere;

import io.eventrouter.config.Secret;
import io.eventrouter.vsphere.vim25.HttpProxy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which proxy reaches vCenter: the setting first, then the environment as curl reads it. */
class VCenterProxyTest {

    private static final URI VC = URI.create("https://vc01.dc.example.com/sdk");

    @Test
    void theSettingWinsOverTheEnvironmentAndNoProxy() {
        ProxySettings setting = new ProxySettings(URI.create("http://proxy.example.com:3128"), "router",
                new Secret("s3cret"));
        Optional<HttpProxy> proxy = VCenterProxy.choose(setting, VC, Map.of("HTTPS_PROXY", "http://other:8080",
                "NO_PROXY", "example.com"));
        assertThat(proxy).contains(new HttpProxy("proxy.example.com", 3128, "router", "s3cret", "the proxy setting"));
        assertThat(proxy.get().toString()).doesNotContain("s3cret");
        assertThat(new ProxySettings(URI.create("http://proxy"), null, null).port()).isEqualTo(80);
    }

    @Test
    void theEnvironmentIsReadAsCurlReadsIt() {
        assertThat(VCenterProxy.choose(null, VC, Map.of())).isEmpty();
        assertThat(VCenterProxy.choose(null, VC, Map.of("HTTPS_PROXY", "http://up:8080"))).get()
                .extracting(HttpProxy::host, HttpProxy::port, HttpProxy::origin).containsExactly("up", 8080, "HTTPS_PROXY");
        // lower case first; no scheme means http; no port means 1080
        assertThat(VCenterProxy.choose(null, VC, Map.of("HTTPS_PROXY", "http://up:8080", "https_proxy", "low")))
                .get().extracting(HttpProxy::host, HttpProxy::port).containsExactly("low", 1080);
        // an http vCenter uses http_proxy, an https one never does
        assertThat(VCenterProxy.choose(null, VC, Map.of("http_proxy", "http://p:1"))).isEmpty();
        assertThat(VCenterProxy.choose(null, URI.create("http://vc/sdk"), Map.of("HTTP_PROXY", "http://p:1")))
                .get().extracting(HttpProxy::host).isEqualTo("p");
        HttpProxy withUser = VCenterProxy.choose(null, VC, Map.of("https_proxy", "http://me:p%40ss@p:3128")).get();
        assertThat(withUser.username()).isEqualTo("me");
        assertThat(withUser.password()).isEqualTo("p@ss");
        assertThat(withUser.describe()).doesNotContain("p@ss").doesNotContain("p%40ss");
        assertThatThrownBy(() -> VCenterProxy.choose(null, VC, Map.of("HTTPS_PROXY", "https://p:3128")))
                .hasMessageContaining("HTTPS_PROXY");
    }

    @Test
    void noProxyBypassesHostsDomainsAndAddresses() {
        Map<String, String> env = Map.of("https_proxy", "http://p:3128", "no_proxy", "localhost, .dc.example.com");
        assertThat(VCenterProxy.choose(null, VC, env)).isEmpty();
        assertThat(VCenterProxy.choose(null, URI.create("https://vc.other.example.com/sdk"), env)).isPresent();
        assertThat(VCenterProxy.choose(null, VC, Map.of("https_proxy", "http://p:3128", "NO_PROXY", "*"))).isEmpty();

        assertThat(VCenterProxy.bypasses("example.com", "vc.example.com")).isTrue();
        assertThat(VCenterProxy.bypasses("example.com", "example.com")).isTrue();
        assertThat(VCenterProxy.bypasses("*.example.com", "vc.example.com")).isTrue();
        assertThat(VCenterProxy.bypasses("example.com", "badexample.com")).isFalse();
        assertThat(VCenterProxy.bypasses("vc.example.com:443", "vc.example.com")).isTrue();
        assertThat(VCenterProxy.bypasses("10.0.0.0/8", "10.1.2.3")).isTrue();
        assertThat(VCenterProxy.bypasses("10.0.0.0/8", "11.1.2.3")).isFalse();
        assertThat(VCenterProxy.bypasses("10.0.0.0/8", "vc.example.com")).isFalse();
        assertThat(VCenterProxy.bypasses("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(VCenterProxy.bypasses("fd00::/8", "[fd00::1]")).isTrue();
        assertThat(VCenterProxy.bypasses("", "vc.example.com")).isFalse();
    }
}
