package io.eventrouter.app.runtime;

import io.eventrouter.ha.Campaign;
import io.eventrouter.ha.Coordinator;
import io.eventrouter.ha.LeadershipListener;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.spi.ProviderHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A provider that runs on one replica at a time ({@link io.eventrouter.spi.EventProviderFactory#singleActive()}):
 * this replica competes for it through the {@link Coordinator}, starts it when elected, resuming from the checkpoint
 * the replicas share (the context's stores must be shared ones), and closes it when deposed. Until then it stands by, which keeps the replica ready.
 *
 * <p>A closed provider cannot start again, so each election gets a new one from {@code create}.
 */
final class ElectedProvider implements EventProvider, LeadershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(ElectedProvider.class);

    private final String name;
    private final Callable<EventProvider> create;
    private final Coordinator coordinator;
    private final HealthRegistry health;
    private final String description;
    private final String statsAddress;
    /** Made ahead for {@link #describe()}; the first election starts it. */
    private EventProvider next;
    private EventProvider running;
    private ProviderContext context;
    private Campaign campaign;
    private boolean closed;

    ElectedProvider(String name, Callable<EventProvider> create, Coordinator coordinator, HealthRegistry health)
            throws Exception {
        this.name = name;
        this.create = create;
        this.coordinator = coordinator;
        this.health = health;
        this.next = create.call();
        this.description = next.describe();
        this.statsAddress = next.statsAddress();
    }

    @Override
    public void start(ProviderContext given) {
        synchronized (this) {
            // Its health reports count only while it runs here: a closing provider must not make a standby look
            // down (or up). The given checkpoint stores are the ones every replica sees.
            context = new ProviderEnvironment(given.name(), given.publisher(), whileActive(given.health()),
                    given.tls(), given.meterRegistry(), given.clock(), given::checkpointStore,
                    given.originalAttributes());
            health.standby(name, null);
        }
        Campaign started = coordinator.campaign(name, this);
        synchronized (this) {
            campaign = started;
        }
    }

    @Override
    public synchronized void elected() {
        if (closed || running != null) {
            return;
        }
        health.active(name);
        try {
            EventProvider provider = next != null ? next : create.call();
            next = null;
            provider.start(context);
            running = provider;
            LOG.info("provider {} started on this replica ({}): {}", name, coordinator.identity(), description);
        } catch (Exception e) {
            // It keeps the lease: another replica would most likely fail the same way (e.g. a bad setting).
            LOG.error("provider {} cannot start: {}", name, e.toString());
            context.health().down("cannot start: " + e.getMessage());
        }
    }

    @Override
    public synchronized void deposed() {
        stopRunning();
        if (!closed) {
            health.standby(name, null);
        }
    }

    @Override
    public synchronized void leaderChanged(String holder) {
        if (!closed && running == null && !Objects.equals(holder, coordinator.identity())) {
            health.standby(name, holder);
        }
    }

    private void stopRunning() {
        if (running != null) {
            try {
                running.close();
                LOG.info("provider {} stopped on this replica", name);
            } catch (RuntimeException e) {
                LOG.error("provider {} did not stop cleanly: {}", name, e.toString());
            } finally {
                running = null; // so that it can be started again when this replica is elected again
            }
        }
    }

    private ProviderHealth whileActive(ProviderHealth reports) {
        return new ProviderHealth() {
            @Override
            public void up() {
                if (health.isActive(name)) {
                    reports.up();
                }
            }

            @Override
            public void down(String reason) {
                if (health.isActive(name)) {
                    reports.down(reason);
                }
            }
        };
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String statsAddress() {
        return statsAddress;
    }

    /** Stops the provider (its last checkpoint written), then hands the lease over to a standby. */
    @Override
    public void close() {
        Campaign open;
        synchronized (this) {
            closed = true;
            stopRunning();
            open = campaign;
        }
        // Outside the lock: closing the campaign may call deposed() from the elector's thread.
        if (open != null) {
            open.close();
        }
    }
}
