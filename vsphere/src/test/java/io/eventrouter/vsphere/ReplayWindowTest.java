package io.eventrouter.vsphere;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void durationsCountBackFromVCentersTime() {
        ReplayWindow window = new ReplayWindow(ReplayWindow.Bound.parse("2h"), ReplayWindow.Bound.parse("30m"));
        assertThat(window.begin(NOW)).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(window.end(NOW)).isEqualTo(Instant.parse("2026-11-21T11:30:00Z"));
    }

    @Test
    void anEndInTheFutureIsCutToVCentersTime() {
        ReplayWindow window = new ReplayWindow(ReplayWindow.Bound.parse("2026-11-21T08:00:00Z"),
                ReplayWindow.Bound.parse("2026-11-22T00:00:00Z"));
        assertThat(window.end(NOW)).isEqualTo(NOW);
        assertThat(new ReplayWindow(ReplayWindow.Bound.parse("1h"), null).end(NOW)).isEqualTo(NOW);
    }

    @Test
    void boundsOfOneKindInTheWrongOrderAreRefusedBeforeVCenterIsAsked() {
        assertThatThrownBy(() -> new ReplayWindow(ReplayWindow.Bound.parse("1h"), ReplayWindow.Bound.parse("2h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is after --until");
        assertThatThrownBy(() -> new ReplayWindow(ReplayWindow.Bound.parse("2026-11-21T09:00:00Z"),
                ReplayWindow.Bound.parse("2026-11-21T08:00:00Z"))).isInstanceOf(IllegalArgumentException.class);
        // Mixed kinds are only comparable against vCenter's clock: the replay checks them then.
        new ReplayWindow(ReplayWindow.Bound.parse("2026-11-21T09:00:00Z"), ReplayWindow.Bound.parse("1h"));
    }
}
