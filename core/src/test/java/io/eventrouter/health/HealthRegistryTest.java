package io.eventrouter.health;

import io.eventrouter.spi.ProviderHealth;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

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
}
