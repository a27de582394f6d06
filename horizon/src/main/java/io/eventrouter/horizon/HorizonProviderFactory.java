package io.eventrouter.horizon;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;

import java.nio.file.Path;
import java.util.Optional;

/** {@code type: horizon}, settings under {@code horizon}. */
public final class HorizonProviderFactory implements EventProviderFactory<HorizonConfig> {

    @Override
    public String type() {
        return "horizon";
    }

    @Override
    public Class<HorizonConfig> configType() {
        return HorizonConfig.class;
    }

    @Override
    public String description() {
        return "Polls VMware Horizon audit events (REST API) and publishes them in order, with optional checkpoints.";
    }

    @Override
    public EventProvider create(HorizonConfig config) {
        return new HorizonProvider(config, HorizonProvider.Tuning.DEFAULT);
    }

    /** It polls one audit log from its own position: with several replicas, one of them polls. */
    @Override
    public boolean singleActive() {
        return true;
    }

    /** Its successor resumes from the checkpoint the replicas share; without one it could not. */
    @Override
    public Optional<String> resumeSettingOff(HorizonConfig config) {
        return config.checkpoint() ? Optional.empty() : Optional.of("checkpoint");
    }

    @Override
    public Optional<Path> checkpointFile(HorizonConfig config) {
        return config.checkpoint()
                ? Optional.of(config.checkpointDir().resolve(CheckpointFile.name(config.address().uri().getHost())))
                : Optional.empty();
    }
}
