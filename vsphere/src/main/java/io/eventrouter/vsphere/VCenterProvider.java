package io.eventrouter.vsphere;

import io.eventrouter.source.SourceRunner;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.vim25.Thumbprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Streams one vCenter's events as CloudEvents: {@link VCenterReader} reads them, a {@link SourceRunner} runs it on
 * its own virtual thread. Connection problems never end it, they show in the provider's health and the log until
 * vCenter is back.
 */
public final class VCenterProvider implements EventProvider {

    private static final Logger LOG = LoggerFactory.getLogger(VCenterProvider.class);
    /** How often the checkpoint file may be rewritten while events are acknowledged. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private final VCenterConfig config;
    private final URI sdkUrl;
    private SourceRunner<Position> runner;

    public VCenterProvider(VCenterConfig config) {
        this.config = config;
        this.sdkUrl = config.sdkUrl();
    }

    @Override
    public synchronized void start(ProviderContext context) {
        if (runner != null) {
            throw new IllegalStateException("already started");
        }
        if (config.insecureSSL() && sdkUrl.getScheme().equals("https")) {
            LOG.warn("vCenter {}: using a potentially insecure connection (insecureSSL: certificates are not checked)",
                    sdkUrl);
        }
        config.httpProxy().ifPresent(proxy -> LOG.info("vCenter {}: connecting through proxy {}", sdkUrl,
                proxy.describe()));
        if (config.thumbprint() != null) {
            LOG.info("vCenter {}: trusting only the certificate with SHA-256 thumbprint {}", sdkUrl,
                    Thumbprint.parse(config.thumbprint()));
        }
        context.health().down("connecting to " + sdkUrl);
        // the schema takes a moment to load on a cold JVM: let that overlap with connecting and logging in
        CompletableFuture<EventDecoder> decoder = CompletableFuture.supplyAsync(EventDecoder::bundled,
                task -> Thread.ofVirtual().name("vim25-schema").start(task));
        VCenterReader reader = new VCenterReader(config, context, config.tls(context.tls()), decoder);
        runner = new SourceRunner<>(reader, context, new SourceRunner.Settings("eventrouter.vcenter",
                config.reconnectBackoffMin(), config.reconnectBackoffMax(), config.maxWait(), config.stallTimeout(),
                config.checkpoint() ? config.checkpointDir() : null, CHECKPOINT_INTERVAL));
        runner.start("vcenter-" + config.host());
    }

    @Override
    public String describe() {
        return "vCenter " + sdkUrl + " (user " + config.auth().username() + ", format "
                + config.format().wireName() + (config.checkpoint() ? ", checkpoints in " + config.checkpointDir() : "")
                + ")";
    }

    /** The configured address, as the original wrote it (user info, if any, hidden). */
    @Override
    public String statsAddress() {
        return config.address().toString();
    }

    /** Stops reading, destroys the collector, logs out (all within seconds) and writes the final checkpoint. */
    @Override
    public synchronized void close() {
        if (runner == null) {
            return;
        }
        runner.close();
        runner = null;
        LOG.info("vCenter {}: stopped", sdkUrl);
    }
}
