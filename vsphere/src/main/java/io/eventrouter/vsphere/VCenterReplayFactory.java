package io.eventrouter.vsphere;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;

/**
 * Makes {@link VCenterReplay}s of one window from {@code vcenter} sections, for {@code event-router replay}. Not
 * listed as a service: a configuration file cannot ask for a replay.
 */
public final class VCenterReplayFactory implements EventProviderFactory<VCenterConfig> {

    private final ReplayWindow window;

    public VCenterReplayFactory(ReplayWindow window) {
        this.window = window;
    }

    @Override
    public String type() {
        return "vcenter";
    }

    @Override
    public Class<VCenterConfig> configType() {
        return VCenterConfig.class;
    }

    @Override
    public String description() {
        return "A window of a vCenter's event history, replayed once without checkpoint.";
    }

    @Override
    public EventProvider create(VCenterConfig config) {
        return new VCenterReplay(config, window);
    }
}
