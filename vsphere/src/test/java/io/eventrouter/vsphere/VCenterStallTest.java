package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A vCenter whose event collector reads nothing while newer events exist (govmomi #3450: a user without permission on
 * part of the inventory), through the fault-injecting vCenter: the provider notices, says so in its metrics and
 * health, reads again through a new collector, and loses nothing.
 */
class VCenterStallTest {

    @Test
    void aStalledCollectorIsReportedAndReplacedAndNothingIsLost() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.stallTimeout = Duration.ofSeconds(2);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                post(poster, "before", 5);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("before", 5)));

                vc.stallCurrentCollectors();
                post(poster, "during", 5);

                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("during", 5)));
                assertThat(harness.meters.get("eventrouter.vcenter.stalls").counter().count()).isEqualTo(1);
                assertThat(harness.health.reports).anyMatch(report -> report.startsWith("down: reading stalled"));
                assertThat(harness.health.reports.getLast()).isEqualTo("up"); // recovered without a restart
                assertThat(harness.meters.get("eventrouter.vcenter.lag.events").gauge().value()).isZero();
                assertThat(harness.deliveredKeys()).doesNotHaveDuplicates().isSorted();
                // a probe for the newest event at the first start, the first collector, the one replacing it
                assertThat(vc.calls("CreateCollectorForEvents")).isEqualTo(3);

                post(poster, "after", 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("after", 3)));
            }
        }
    }

    @Test
    void aStallANewCollectorDoesNotEndIsAlertedAndShownUntilItEnds() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.stallTimeout = Duration.ofSeconds(2);
            config.stallAlert = true;
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                post(poster, "before", 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).containsAll(names("before", 2)));

                vc.stallEveryCollector();
                post(poster, "hidden", 4);

                await().atMost(Duration.ofSeconds(20)).until(() -> alerts(harness).size() == 1);
                assertThat(harness.health.up).isFalse();
                assertThat(harness.meters.get("eventrouter.vcenter.stalls").counter().count()).isGreaterThanOrEqualTo(2);
                // the four posted, and the router's own logout and login when it made a new collector
                assertThat(harness.meters.get("eventrouter.vcenter.lag.events").gauge().value()).isGreaterThanOrEqualTo(4);
                assertThat(harness.meters.get("eventrouter.vcenter.lag.seconds").gauge().value()).isGreaterThanOrEqualTo(0);
                var alert = JSON.readTree(alerts(harness).getFirst().getData().toBytes());
                assertThat(alert.path("likelyCause").asText()).contains("permission");
                assertThat(alert.path("newestEventKey").asInt() - alert.path("lastEventReadKey").asInt())
                        .isGreaterThanOrEqualTo(4);
                // one alert per stall, however long it lasts
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> alerts(harness).size() == 1);

                vc.healAll();
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("hidden", 4)));
                await().atMost(Duration.ofSeconds(5)).until(() -> harness.health.up);
                assertThat(harness.meters.get("eventrouter.vcenter.lag.events").gauge().value()).isZero();
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static void post(EventPoster poster, String prefix, int count) throws Exception {
        for (String name : names(prefix, count)) {
            poster.post(EventPoster.generalUserEvent(name));
        }
    }

    static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(n -> prefix + "-" + n).toList();
    }

    static List<CloudEvent> alerts(ProviderHarness harness) {
        return harness.processor.delivered.stream().filter(event -> event.getType().equals(StallAlert.TYPE)).toList();
    }

    static List<String> messages(ProviderHarness harness) {
        return harness.processor.delivered.stream().filter(event -> !event.getType().equals(StallAlert.TYPE))
                .map(event -> {
                    try {
                        return JSON.readTree(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
                                .path("Message").asText("");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }
}
