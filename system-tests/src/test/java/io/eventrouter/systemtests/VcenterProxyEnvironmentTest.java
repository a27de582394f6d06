package io.eventrouter.systemtests;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.ConnectProxy;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router process reads the proxy from its environment as curl does: with {@code https_proxy} it reaches vcsim's
 * https endpoint through the CONNECT proxy (tunnels counted); with {@code no_proxy} naming vCenter's host it connects
 * directly and the proxy sees nothing.
 */
class VcenterProxyEnvironmentTest {

    @Test
    void httpsProxyIsUsedAndNoProxyBypassesIt(@TempDir Path dir) throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); ConnectProxy proxy = ConnectProxy.start()) {
            Map<String, String> throughProxy = Map.of("https_proxy", proxy.url().toString(), "HTTPS_PROXY", "",
                    "no_proxy", "", "NO_PROXY", "");
            assertThat(deliveredWith(dir, "proxy-env", vcsim, throughProxy, "through-proxy")).isTrue();
            int tunnels = proxy.tunnels();
            assertThat(tunnels).isGreaterThanOrEqualTo(1);
            assertThat(proxy.tunnelTargets()).allMatch(target -> target.equals("127.0.0.1:" + vcsim.port()));

            Map<String, String> bypassed = Map.of("https_proxy", proxy.url().toString(), "HTTPS_PROXY", "",
                    "no_proxy", "localhost,127.0.0.1", "NO_PROXY", "");
            assertThat(deliveredWith(dir, "no-proxy-env", vcsim, bypassed, "direct")).isTrue();
            assertThat(proxy.tunnels()).isEqualTo(tunnels);
        }
    }

    /** Starts a router with {@code environment}, posts three events and waits until they arrive. */
    private static boolean deliveredWith(Path dir, String name, Vcsim vcsim, Map<String, String> environment,
                                         String prefix) throws Exception {
        int metricsPort = FreePorts.next();
        int receiverPort = FreePorts.next();
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: %s}
                eventProvider:
                  type: vcenter
                  name: vc
                  vcenter:
                    address: %s
                    insecureSSL: true
                    auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                eventProcessor:
                  type: knative
                  name: receiver
                  knative:
                    encoding: binary
                    destination: {uri: "http://127.0.0.1:%d/"}
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(name, vcsim.sdkUrl(), vcsim.username(), vcsim.password(), receiverPort, metricsPort));
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start(receiverPort, true);
             RouterProcess router = new RouterProcess(config, metricsPort, name)) {
            environment.forEach(router::environment);
            router.start();
            try (EventPoster poster = vcsim.eventPoster()) {
                poster.postAll(VcenterScenario.events(prefix, 0, 3), 1);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.events().stream()
                    .map(event -> VcenterScenario.data(event).path("Message").asText(""))
                    .toList().containsAll(VcenterScenario.messages(prefix, 0, 3)));
            return true;
        }
    }
}
