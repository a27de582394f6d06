package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code eventTypes} sets vCenter's own event filter: against a busy vCenter, a router that wants VmPoweredOffEvent
 * reads only those (counted in the SOAP answers through the fault-injecting vCenter), where a router without it reads
 * every event to deliver the same few. {@code excludeEventTypes} alone drops events after reading them.
 */
class VCenterEventTypeFilterTest {

    private static final Pattern EVENT_TYPE = Pattern.compile("<returnval[^>]*:type=\"(\\w+)\"");
    private static final List<String> VMS = List.of("DC0_H0_VM0", "DC0_H0_VM1", "DC0_C0_RP0_VM0", "DC0_C0_RP0_VM1");
    private static final int NOISE = 400;

    @Test
    void eventTypesReadsOnlyThoseFromVcenter() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster();
             FaultyVcenter filteredVc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             FaultyVcenter unfilteredVc = FaultyVcenter.start(vcsim.sdkUrl(), null)) {
            filteredVc.record("ReadNextEvents");
            unfilteredVc.record("ReadNextEvents");
            ProviderHarness.Config filteredConfig = new ProviderHarness.Config(filteredVc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            filteredConfig.eventTypes = List.of("VmPoweredOffEvent");
            ProviderHarness.Config unfilteredConfig = new ProviderHarness.Config(unfilteredVc.sdkUrl(),
                    vcsim.username(), vcsim.password());
            try (ProviderHarness filtered = new ProviderHarness(filteredConfig.build());
                 ProviderHarness unfiltered = new ProviderHarness(unfilteredConfig.build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> filtered.health.up && unfiltered.health.up);
                // a busy vCenter: user events from four connections while the VMs are powered off
                Thread noise = Thread.ofVirtual().start(() -> {
                    try {
                        poster.postAll(IntStream.range(0, NOISE)
                                .mapToObj(n -> EventPoster.generalUserEvent("noise-" + n)).toList(), 4);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                vcsim.govc().run(concat("vm.power", "-off", VMS));
                noise.join();

                await().atMost(Duration.ofSeconds(30)).until(() -> ofType(filtered, "VmPoweredOffEvent").size()
                        == VMS.size());
                await().atMost(Duration.ofSeconds(30)).until(() -> ofType(unfiltered, "GeneralUserEvent").size()
                        == NOISE && ofType(unfiltered, "VmPoweredOffEvent").size() == VMS.size());

                List<String> readFiltered = eventsInAnswers(filteredVc);
                List<String> readUnfiltered = eventsInAnswers(unfilteredVc);
                assertThat(readFiltered).hasSize(VMS.size()).containsOnly("VmPoweredOffEvent");
                assertThat(filtered.processor.delivered).extracting(CloudEvent::getSubject)
                        .containsOnly("VmPoweredOffEvent");
                assertThat(filtered.meters.get("eventrouter.vcenter.events.read").counter().count())
                        .isEqualTo(VMS.size());
                // nothing was read from vCenter but the four: no keys counted as missed in between
                assertThat(filtered.meters.get("eventrouter.vcenter.skipped.keys").counter().count()).isZero();
                assertThat(readUnfiltered).hasSizeGreaterThanOrEqualTo(NOISE + VMS.size());

                double perDeliveredFiltered = (double) readFiltered.size() / VMS.size();
                double perDeliveredUnfiltered = (double) readUnfiltered.size() / VMS.size();
                System.out.printf("events read from vCenter per VmPoweredOffEvent delivered, %d other events "
                                + "around: with eventTypes %.1f (%d read), without %.1f (%d read)%n", NOISE,
                        perDeliveredFiltered, readFiltered.size(), perDeliveredUnfiltered, readUnfiltered.size());
                assertThat(perDeliveredFiltered).isEqualTo(1.0);
                assertThat(perDeliveredUnfiltered).isGreaterThan(NOISE / (double) VMS.size());
            }
        }
    }

    @Test
    void excludeEventTypesAloneReadsEverythingAndDropsTheExcluded() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim);
            config.excludeEventTypes = List.of("GeneralUserEvent");
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                for (int n = 0; n < 5; n++) {
                    poster.post(EventPoster.generalUserEvent("dropped-" + n));
                }
                vcsim.govc().powerOff(VMS.getFirst());

                await().atMost(Duration.ofSeconds(20)).until(() -> ofType(harness, "VmPoweredOffEvent").size() == 1);
                assertThat(ofType(harness, "GeneralUserEvent")).isEmpty();
                // vCenter has no negative filter: they were read, then dropped
                assertThat(harness.meters.get("eventrouter.vcenter.events.read").counter().count())
                        .isGreaterThanOrEqualTo(6);
            }
        }
    }

    private static List<CloudEvent> ofType(ProviderHarness harness, String eventClass) {
        return harness.processor.delivered.stream().filter(event -> eventClass.equals(event.getSubject())).toList();
    }

    /** The class of every event in the ReadNextEvents answers that went through {@code vc}. */
    private static List<String> eventsInAnswers(FaultyVcenter vc) {
        return vc.exchanges("ReadNextEvents").stream().flatMap(exchange -> {
            Matcher matcher = EVENT_TYPE.matcher(exchange.response());
            return matcher.results().map(result -> result.group(1));
        }).toList();
    }

    private static String[] concat(String first, String second, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first, second), rest.stream())
                .toArray(String[]::new);
    }
}
