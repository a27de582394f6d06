package io.eventrouter.vsphere;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;

import java.nio.file.Path;
import java.util.Optional;

/** {@code eventProvider.type: vcenter}. */
public final class VCenterProviderFactory implements EventProviderFactory<VCenterConfig> {

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
        return "vCenter events over the vSphere API, with checkpoints and automatic reconnects.";
    }

    @Override
    public EventProvider create(VCenterConfig config) {
        return new VCenterProvider(config);
    }

    /** It reads one vCenter's event history from its own position: with several replicas, one of them reads. */
    @Override
    public boolean singleActive() {
        return true;
    }

    /** Its successor resumes from the checkpoint the replicas share; without one it could not. */
    @Override
    public Optional<String> resumeSettingOff(VCenterConfig config) {
        return config.checkpoint() ? Optional.empty() : Optional.of("checkpoint");
    }

    @Override
    public Optional<Path> checkpointFile(VCenterConfig config) {
        return config.checkpoint() ? Optional.of(config.checkpointDir().resolve(Checkpoint.fileName(config.host())))
                : Optional.empty();
    }
}
