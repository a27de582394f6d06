package io.eventrouter.systemtests;

import io.eventrouter.vsphere.vcsim.EventPoster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * vcsim is killed mid-stream and restarted 30 s later: the router stays up, says it is not ready meanwhile,
 * reconnects on its own and delivers every event the restarted vcsim keeps (a restarted vcsim starts a new history).
 */
class VcenterOutageTest {

    @Test
    void theRouterOutlivesAVcenterOutageAndResumes(@TempDir Path dir) throws Exception {
        try (VcenterScenario scenario = new VcenterScenario(dir, "vcenter-outage", "retry: 10")) {
            scenario.router.start();
            try (EventPoster poster = scenario.poster()) {
                poster.postAll(VcenterScenario.events("before", 0, 300), 4);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.arrivedMessages().containsAll(VcenterScenario.messages("before", 0, 300)));

            scenario.vcsim.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> readyz(scenario) == 503);
            await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(35)).until(scenario.router::isAlive);

            scenario.restartVcsim();
            await().atMost(Duration.ofSeconds(60)).until(() -> readyz(scenario) == 200);
            try (EventPoster poster = scenario.poster()) {
                poster.postAll(VcenterScenario.events("after", 0, 300), 4);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.arrivedMessages().containsAll(VcenterScenario.messages("after", 0, 300)));
            assertThat(scenario.router.isAlive()).isTrue();
            assertThat(MetricsScrape.of(scenario.router.metrics("/metrics")).sum("eventrouter_provider_up")).isEqualTo(1);
        }
    }

    private static int readyz(VcenterScenario scenario) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(scenario.router.metrics("/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
