package io.eventrouter.horizon;

import io.eventrouter.config.Binder;
import io.eventrouter.http.HttpClients;
import io.eventrouter.source.SourceRunner;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Polls Horizon's audit events and publishes them oldest first, ordered by the Horizon address: {@link HorizonSource}
 * reads them, a {@link SourceRunner} runs it. Never gives up on Horizon errors: it reports itself down, backs off
 * (capped) and tries again, logging in anew where needed; a reader that reads nothing while Horizon shows newer events
 * is reported as stalled and starts a new session. With {@code checkpoint: true} it records the newest position whose
 * events, and all before them, were acknowledged, and resumes after it (at most {@code checkpointMaxAge} back).
 */
final class HorizonProvider implements EventProvider {

    /** Knobs the configuration does not expose; tests turn them down. */
    record Tuning(Duration backoffMin, Duration backoffMax, Duration checkpointInterval, int pageSize,
                  int maxWindowEvents, Duration stallTimeout, Duration probeInterval) {
        static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
                500, 10_000, Duration.ofMinutes(2), Duration.ofSeconds(20));

        /** With the default stall timeout and probe interval. */
        Tuning(Duration backoffMin, Duration backoffMax, Duration checkpointInterval, int pageSize,
               int maxWindowEvents) {
            this(backoffMin, backoffMax, checkpointInterval, pageSize, maxWindowEvents, DEFAULT.stallTimeout,
                    DEFAULT.probeInterval);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HorizonProvider.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HorizonConfig config;
    private final Tuning tuning;
    private SourceRunner<Position> runner;

    HorizonProvider(HorizonConfig config, Tuning tuning) {
        this.config = config;
        this.tuning = tuning;
    }

    @Override
    public synchronized void start(ProviderContext context) {
        if (runner != null) {
            throw new IllegalStateException("already started");
        }
        if (config.insecureSSL()) {
            LOG.warn("horizon provider {}: using a potentially insecure connection to {} (insecureSSL: true)",
                    context.name(), describe());
        }
        HorizonClient client = new HorizonClient(HttpClients.create(context.tls().context(config.insecureSSL()),
                CONNECT_TIMEOUT), config.source(), config.auth());
        AuditEventReader reader = new AuditEventReader(client, tuning.pageSize(), tuning.maxWindowEvents(),
                () -> context.publisher().recordError());
        HorizonSource source = new HorizonSource(config, context, client, reader, tuning.probeInterval());
        runner = new SourceRunner<>(source, context, new SourceRunner.Settings("eventrouter.horizon",
                tuning.backoffMin(), tuning.backoffMax(), config.pollInterval(), tuning.stallTimeout(),
                config.checkpoint() ? config.checkpointDir() : null, tuning.checkpointInterval()));
        runner.start("horizon-" + config.address().uri().getHost());
    }

    @Override
    public String describe() {
        return "horizon " + Binder.redactUserInfo(config.source());
    }

    /** The configured URL, as the original wrote it (user info, if any, hidden). */
    @Override
    public String statsAddress() {
        return config.address().toString();
    }

    /** Stops polling, logs out and writes the final checkpoint. */
    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }
}
