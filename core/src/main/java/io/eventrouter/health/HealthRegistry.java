package io.eventrouter.health;

import io.eventrouter.spi.ProviderHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The connection state of every provider; the process is ready when all of them are up. */
public final class HealthRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

    public record State(boolean up, String reason, Instant since) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Boolean> order = new LinkedHashMap<>();
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

    public boolean ready() {
        return !states.isEmpty() && states.values().stream().allMatch(State::up);
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
