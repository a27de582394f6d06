package io.eventrouter.vsphere;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code eventProvider.type: vcsim}, deprecated since the original's v0.6.0: the vcenter provider works against the
 * simulator too, so this is the same provider under the old name.
 */
public final class VcsimProviderFactory implements EventProviderFactory<VCenterConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(VcsimProviderFactory.class);
    private static final VCenterProviderFactory VCENTER = new VCenterProviderFactory();

    @Override
    public String type() {
        return "vcsim";
    }

    @Override
    public Class<VCenterConfig> configType() {
        return VCenterConfig.class;
    }

    @Override
    public String description() {
        return "Deprecated: the vcenter provider under its old name for the vCenter simulator; use type vcenter.";
    }

    @Override
    public EventProvider create(VCenterConfig config) {
        LOG.warn("eventProvider type vcsim is deprecated (since VEBA v0.6.0) and runs the vcenter provider; "
                + "use type vcenter with a vcenter section instead");
        return new VCenterProvider(config);
    }

    /** It reads one vCenter's event history from its own position: with several replicas, one of them reads. */
    @Override
    public boolean singleActive() {
        return true;
    }

    /** As the vcenter provider's. */
    @Override
    public Optional<String> resumeSettingOff(VCenterConfig config) {
        return VCENTER.resumeSettingOff(config);
    }

    @Override
    public Optional<Path> checkpointFile(VCenterConfig config) {
        return VCENTER.checkpointFile(config);
    }
}
