package io.eventrouter.vsphere;

import io.eventrouter.vsphere.events.EventCategory;
import io.eventrouter.vsphere.events.VimEvent;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypeFilterTest {

    @Test
    void noTypesAskVcenterForEverything() {
        EventTypeFilter filter = EventTypeFilter.of(List.of(), List.of());
        assertThat(filter.collectorTypeIds()).isEmpty();
        assertThat(filter.filtersOnServer()).isFalse();
        assertThat(filter.excludes(event("VmPoweredOffEvent", "VmPoweredOffEvent"))).isFalse();
    }

    @Test
    void aBaseClassIsSentWithEveryClassDerivedFromIt() {
        // vCenter matches an event's own class only: VmEvent alone would not bring VmPoweredOffEvent
        List<String> ids = EventTypeFilter.of(List.of("VmEvent"), List.of()).collectorTypeIds();
        assertThat(ids.getFirst()).isEqualTo("VmEvent");
        assertThat(ids).contains("VmPoweredOffEvent", "VmPoweredOnEvent", "VmCreatedEvent", "DrsVmPoweredOnEvent")
                .doesNotContain("HostConnectedEvent", "GeneralUserEvent").doesNotHaveDuplicates();
    }

    @Test
    void excludedTypesLeaveVcentersFilterAndAreDroppedAfterReading() {
        EventTypeFilter filter = EventTypeFilter.of(List.of("VmEvent", "com.vmware.vc.HA.DasHostFailedEvent"),
                List.of("VmPoweredOffEvent"));
        assertThat(filter.collectorTypeIds()).contains("VmPoweredOnEvent", "com.vmware.vc.HA.DasHostFailedEvent")
                .doesNotContain("VmPoweredOffEvent");
        assertThat(filter.excludes(event("VmPoweredOffEvent", "VmPoweredOffEvent"))).isTrue();
        assertThat(filter.excludes(event("VmPoweredOnEvent", "VmPoweredOnEvent"))).isFalse();

        EventTypeFilter alone = EventTypeFilter.of(List.of(), List.of("VmEvent", "com.vmware.vc.vm.VmStateFailedToRevert"));
        assertThat(alone.collectorTypeIds()).as("vCenter has no negative filter").isEmpty();
        assertThat(alone.excludes(event("DrsVmPoweredOnEvent", "DrsVmPoweredOnEvent"))).as("derived").isTrue();
        assertThat(alone.excludes(event("EventEx", "com.vmware.vc.vm.VmStateFailedToRevert"))).isTrue();
        assertThat(alone.excludes(event("EventEx", "com.vmware.vc.HA.DasHostFailedEvent"))).isFalse();
        assertThat(alone.excludes(event("HostConnectedEvent", "HostConnectedEvent"))).isFalse();
    }

    @Test
    void excludingEverythingWantedIsRefused() {
        assertThatThrownBy(() -> EventTypeFilter.of(List.of("VmPoweredOffEvent"), List.of("VmEvent")))
                .hasMessageContaining("removes every type");
    }

    @Test
    void namesAreCheckedAgainstTheSchema() {
        assertThat(EventTypeFilter.problem("VmPoweredOffEvent")).isEmpty();
        assertThat(EventTypeFilter.problem("com.vmware.vc.HA.DasHostFailedEvent")).isEmpty();
        assertThat(EventTypeFilter.problem("esx.problem.scsi.device.io.latency.high")).isEmpty();
        assertThat(EventTypeFilter.problem("VmPowerdOffEvent")).get().asString().contains("unknown event type");
        assertThat(EventTypeFilter.problem("vmpoweredoffevent")).get().asString()
                .contains("did you mean VmPoweredOffEvent?");
        assertThat(EventTypeFilter.problem("VirtualMachine")).get().asString().contains("unknown event type");
        assertThat(EventTypeFilter.problem(" ")).isPresent();
        assertThat(EventTypeFilter.problem("com.vmware.a b")).isPresent();
    }

    private static VimEvent event(String className, String name) {
        return new VimEvent(className, EventCategory.EVENT, name, 1, OffsetDateTime.now(), new byte[0]);
    }
}
