package io.eventrouter.health;

import io.eventrouter.spi.ProviderHealth;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class HealthRegistryTest {

    private final HealthRegistry registry = new HealthRegistry(Clock.systemUTC());

    @Test
    void readyWhenEveryProviderIsUp() {
        ProviderHealth webhook = registry.register("webhook");
        assertThat(registry.ready()).isFalse();
        webhook.up();
        assertThat(registry.ready()).isTrue();
        assertThat(registry.isActive("webhook")).isTrue();
        assertThat(registry.role("webhook")).isEmpty();
    }

    @Test
    void aStandbyProviderKeepsTheReplicaReadyAndAnActiveOneCountsAgain() {
        registry.replica("pod-b");
        registry.register("webhook").up();
        ProviderHealth vcenter = registry.register("vcenter");

        registry.standby("vcenter", "pod-a");
        assertThat(registry.ready()).isTrue();
        assertThat(registry.isActive("vcenter")).isFalse();
        assertThat(registry.role("vcenter")).hasValueSatisfying(role -> {
            assertThat(role.active()).isFalse();
            assertThat(role.holder()).isEqualTo("pod-a");
        });
        assertThat(registry.states().get("vcenter").reason()).isEqualTo("standby");

        registry.active("vcenter");
        assertThat(registry.ready()).as("active but not connected yet").isFalse();
        assertThat(registry.role("vcenter").orElseThrow().holder()).isEqualTo("pod-b");
        vcenter.up();
        assertThat(registry.ready()).isTrue();
    }

    @Test
    void holdersAreKnownOnlyWithSharedProviders() {
        registry.register("vcenter");
        assertThat(registry.holders()).isEmpty();
    }

    @Test
    void holdersGroupTheSharedProvidersByReplicaAsTheyMove() {
        registry.replica("pod-a");
        registry.register("webhook").up();
        for (String provider : List.of("vc-1", "vc-2", "vc-3")) {
            registry.register(provider);
            registry.standby(provider, null);
        }
        AtomicInteger told = new AtomicInteger();
        registry.onHoldersChanged(told::incrementAndGet);

        registry.active("vc-1");
        registry.standby("vc-2", "pod-b");
        registry.active("vc-3");
        Holders holders = registry.holders().orElseThrow();
        assertThat(holders.byReplica()).containsExactly(entry("pod-a", List.of("vc-1", "vc-3")),
                entry("pod-b", List.of("vc-2")));
        assertThat(holders.count("pod-a")).isEqualTo(2);
        assertThat(holders.unheld()).isEmpty();
        assertThat(told).hasValue(3);

        registry.standby("vc-2", "pod-c");
        registry.standby("vc-1", null);
        holders = registry.holders().orElseThrow();
        assertThat(holders.byReplica()).as("pod-b holds nothing any more").containsExactly(
                entry("pod-a", List.of("vc-3")), entry("pod-c", List.of("vc-2")));
        assertThat(holders.unheld()).containsExactly("vc-1");
        assertThat(holders.byProvider()).containsOnlyKeys("vc-1", "vc-2", "vc-3");

        registry.standby("vc-3", "pod-c");
        assertThat(registry.holders().orElseThrow().byReplica()).as("this replica is listed, holding none")
                .containsExactly(entry("pod-a", List.of()), entry("pod-c", List.of("vc-2", "vc-3")));
    }
}
