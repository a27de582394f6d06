package io.eventrouter.health;

import io.eventrouter.spi.ProviderHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connection state of every provider; the process is ready when all of them are up, or stand by because another
 * replica runs them (see {@link #standby}).
 */
public final class HealthRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

    public record State(boolean up, String reason, Instant since) {
    }

    /**
     * For a provider that runs on one replica at a time: whether it runs on this one, and which replica holds it
     * ({@code null} while none does).
     */
    public record Role(boolean active, String holder, Instant since) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private volatile String replica;
    private final Map<String, Boolean> order = new LinkedHashMap<>();
    /** Told after a shared provider's holder, as seen here, may have changed (e.g. to refresh per-replica gauges). */
    private final List<Runnable> holderListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public HealthRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Registers a provider (down until it says otherwise) and returns its reporting handle. */
    public synchronized ProviderHealth register(String provider) {
        order.put(provider, true);
        states.put(provider, new State(false, "starting", clock.instant()));
        return new ProviderHealth() {
            @Override
            public void up() {
                State previous = states.put(provider, new State(true, "", clock.instant()));
                if (previous == null || !previous.up()) {
                    LOG.info("provider {} is up", provider);
                }
            }

            @Override
            public void down(String reason) {
                State previous = states.put(provider, new State(false, reason, clock.instant()));
                if (previous == null || previous.up() || !previous.reason().equals(reason)) {
                    LOG.warn("provider {} is down: {}", provider, reason);
                }
            }
        };
    }

    /**
     * Ready when every provider is up or stands by: a standby replica still serves its probes and the providers that
     * run everywhere (webhook), and is ready to take over.
     */
    public boolean ready() {
        return !states.isEmpty() && states.entrySet().stream()
                .allMatch(entry -> entry.getValue().up() || standsBy(entry.getKey()));
    }

    /** Names this replica in {@code /readyz}; set when providers are shared with other replicas. */
    public void replica(String identity) {
        this.replica = identity;
    }

    public Optional<String> replica() {
        return Optional.ofNullable(replica);
    }

    /** {@code provider} now runs on this replica; its own reports (up, down) count for readiness again. */
    public void active(String provider) {
        Role previous = roles.put(provider, new Role(true, replica, clock.instant()));
        states.put(provider, new State(false, "starting", clock.instant()));
        if (previous == null || !previous.active()) {
            LOG.info("provider {} is active on this replica", provider);
        }
        holderListeners.forEach(Runnable::run);
    }

    /** {@code provider} runs on another replica ({@code holder}, or none yet): this one waits to take over. */
    public void standby(String provider, String holder) {
        Role previous = roles.put(provider, new Role(false, holder, clock.instant()));
        states.put(provider, new State(false, "standby", clock.instant()));
        if (previous == null || previous.active() || !java.util.Objects.equals(previous.holder(), holder)) {
            LOG.info("provider {} stands by: {}", provider, holder == null ? "no replica holds it yet"
                    : "active on " + holder);
        }
        holderListeners.forEach(Runnable::run);
    }

    /**
     * Who holds each shared provider as this replica has learned it; empty unless providers are shared with other
     * replicas ({@link #replica(String)}).
     */
    public synchronized Optional<Holders> holders() {
        if (replica == null) {
            return Optional.empty();
        }
        Map<String, String> holders = new LinkedHashMap<>();
        order.keySet().forEach(name -> {
            Role role = roles.get(name);
            if (role != null) {
                holders.put(name, role.holder());
            }
        });
        return Optional.of(new Holders(replica, holders));
    }

    /** Runs {@code listener} (on the caller's thread) whenever a shared provider becomes active or stands by. */
    public void onHoldersChanged(Runnable listener) {
        holderListeners.add(listener);
    }

    /** Empty for providers that run on every replica. */
    public Optional<Role> role(String provider) {
        return Optional.ofNullable(roles.get(provider));
    }

    /** Whether {@code provider} runs here: always, unless it is shared and another replica holds it. */
    public boolean isActive(String provider) {
        Role role = roles.get(provider);
        return role == null || role.active();
    }

    private boolean standsBy(String provider) {
        Role role = roles.get(provider);
        return role != null && !role.active();
    }

    /** States in registration order. */
    public synchronized Map<String, State> states() {
        Map<String, State> copy = new LinkedHashMap<>();
        order.keySet().forEach(name -> copy.put(name, states.get(name)));
        return copy;
    }

    public boolean isUp(String provider) {
        State state = states.get(provider);
        return state != null && state.up();
    }
}
