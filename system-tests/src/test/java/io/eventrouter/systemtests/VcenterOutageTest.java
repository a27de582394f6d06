package io.eventrouter.systemtests;

import io.cloudevents.CloudEvent;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.vcsim.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The original returned from its vCenter loop on any error and exited (Kubernetes restarted the pod). Here the router
 * process outlives vCenter going away: {@code /readyz} reports it, and events flow again once vCenter is back.
 */
class VcenterOutageTest {

    private static final String VM = "DC0_H0_VM0";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theRouterOutlivesVcenterAndCarriesOnWhenItIsBack() throws Exception {
        Vcsim vcsim = Vcsim.builder().plainHttp().start();
        Vcsim restarted = null;
        int metricsPort = FreePorts.next();
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RouterProcess router = new RouterProcess(config(vcsim, receiver, metricsPort), metricsPort,
                     "vcenter-outage").start()) {
            vcsim.govc().powerOff(VM);
            await().atMost(WAIT).until(() -> powerOffs(receiver) == 1);

            vcsim.kill();
            await().atMost(WAIT).until(() -> readiness(router) == 503);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(router::isAlive);

            restarted = vcsim.restart();
            router.awaitReady(WAIT);
            restarted.govc().powerOff(VM);
            await().atMost(WAIT).until(() -> powerOffs(receiver) >= 2);
            assertThat(router.isAlive()).isTrue();
        } finally {
            vcsim.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private Path config(Vcsim vcsim, CloudEventsReceiver receiver, int metricsPort) throws Exception {
        return Files.writeString(dir.resolve("config.yaml"), """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: vcenter-outage}
                eventProvider:
                  type: vcenter
                  name: vc
                  vcenter:
                    address: %s
                    auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                eventProcessor:
                  type: knative
                  name: receiver
                  knative:
                    destination: {uri: "%s"}
                metricsProvider:
                  type: default
                  name: metrics
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(vcsim.sdkUrl(), vcsim.username(), vcsim.password(), receiver.uri(), metricsPort));
    }

    private int readiness(RouterProcess router) throws Exception {
        URI readyz = router.metrics("/readyz");
        return http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long powerOffs(CloudEventsReceiver receiver) {
        return receiver.events().stream().map(CloudEvent::getSubject).filter("VmPoweredOffEvent"::equals).count();
    }
}
