package io.eventrouter.vsphere;

import io.eventrouter.spi.EventProviderFactory;
import io.eventrouter.spi.HistoryReplay;

/** vCenter's event history, replayed through {@link VCenterReplay}s for {@code event-router replay}. */
public final class VCenterHistoryReplay implements HistoryReplay {

    @Override
    public String type() {
        return "vcenter";
    }

    @Override
    public EventProviderFactory<?> factory(String since, String until) {
        ReplayWindow window = new ReplayWindow(ReplayWindow.Bound.parse(since),
                until == null ? null : ReplayWindow.Bound.parse(until));
        return new VCenterReplayFactory(window);
    }
}
