package io.eventrouter.app;

import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 16 item 9: the event viewer shows every event's data, so without the metrics auth it answers only clients on
 * this host (a browser here, {@code kubectl port-forward}); with the auth it needs the credentials; a setting opens it
 * to everyone. {@code /stats}, {@code /metrics}, {@code /healthz} and {@code /readyz} answer as before. A client on
 * another host is played by connecting to this host's own non-loopback address.
 */
class Item9ViewerCredentialsTest {

    private static final String AUTH = """
                auth:
                  type: basic_auth
                  basicAuth: {username: admin, password: viewer-pass}
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String config(URI receiver, String metricsExtra) {
        return """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: viewer}
                eventProvider:
                  type: webhook
                  name: webhook
                  webhook: {bindAddress: "127.0.0.1:0", path: /webhook}
                eventProcessor:
                  type: knative
                  name: knative
                  knative: {destination: {uri: "%s"}}
                metricsProvider:
                  type: default
                  name: metrics
                  default:
                    bindAddress: "0.0.0.0:0"
                %s
                """.formatted(receiver, metricsExtra);
    }

    /** This host's first non-loopback IPv4 address: connections to it come from it, not from loopback. */
    private static Optional<InetAddress> remoteLookingAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }

    private int status(RunningRouter router, String host, String path, String authorization) throws Exception {
        URI uri = URI.create("http://" + host + ":" + router.runtime.metricsServer().address().getPort() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void item9_withoutAuthTheViewerAnswersThisHostOnly() throws Exception {
        Optional<InetAddress> external = remoteLookingAddress();
        assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address to play a remote client");
        String remote = external.get().getHostAddress();
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(config(receiver.uri(), ""))) {
            for (String path : new String[]{"/events", "/events/history", "/events/counts", "/events/stream",
                    "/events/viewer.js"}) {
                assertThat(status(router, remote, path, null)).as(path).isEqualTo(403);
            }
            assertThat(status(router, "127.0.0.1", "/events", null)).isEqualTo(200);
            assertThat(status(router, "127.0.0.1", "/events/history", null)).isEqualTo(200);
            for (String path : new String[]{"/stats", "/metrics", "/healthz", "/readyz"}) {
                assertThat(status(router, remote, path, null)).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void item9_withAuthTheViewerNeedsTheCredentialsFromAnywhere() throws Exception {
        Optional<InetAddress> external = remoteLookingAddress();
        assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address to play a remote client");
        String remote = external.get().getHostAddress();
        String good = "Basic " + Base64.getEncoder().encodeToString("admin:viewer-pass".getBytes(StandardCharsets.UTF_8));
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(config(receiver.uri(), AUTH))) {
            assertThat(status(router, "127.0.0.1", "/events/history", null)).isEqualTo(401);
            assertThat(status(router, remote, "/events/history", null)).isEqualTo(401);
            assertThat(status(router, remote, "/events/history", good)).isEqualTo(200);
            assertThat(status(router, remote, "/healthz", null)).isEqualTo(200);
            assertThat(status(router, remote, "/stats", good)).isEqualTo(200);
        }
    }

    @Test
    void item9_theSettingOpensTheViewerWithoutAuth() throws Exception {
        Optional<InetAddress> external = remoteLookingAddress();
        assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address to play a remote client");
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(config(receiver.uri(),
                     "    viewer: {allowUnauthenticatedRemote: true}"))) {
            assertThat(status(router, external.get().getHostAddress(), "/events/history", null)).isEqualTo(200);
        }
    }
}
