package io.eventrouter.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectNamesTest {

    @Test
    void plainNamesStayReadable() {
        assertThat(ObjectNames.of("event-router", "vcenter")).isEqualTo("event-router-vcenter");
        assertThat(ObjectNames.of("event-router", "vcenter-checkpoint")).isEqualTo("event-router-vcenter-checkpoint");
    }

    @Test
    void othersAreCleanedAndKeptApartByAHash() {
        String upper = ObjectNames.of("event-router", "vCenter");
        assertThat(upper).matches("event-router-vcenter-[0-9a-f]{8}");
        assertThat(upper).isNotEqualTo(ObjectNames.of("event-router", "vcenter"));
        assertThat(ObjectNames.of("r", "Horizon EU/1")).matches("r-horizon-eu-1-[0-9a-f]{8}");
    }

    @Test
    void longNamesFitSixtyThreeCharacters() {
        String name = ObjectNames.of("a".repeat(40), "b".repeat(40));
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void dataKeysKeepWhatConfigMapsAllow() {
        assertThat(ObjectNames.dataKey("cp-vc01.example.com.json")).isEqualTo("cp-vc01.example.com.json");
        assertThat(ObjectNames.dataKey("a b/c")).isEqualTo("a_b_c");
    }
}
