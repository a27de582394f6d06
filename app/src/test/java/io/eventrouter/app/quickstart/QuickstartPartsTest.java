package io.eventrouter.app.quickstart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The quickstart's pieces that need no simulator: reading govc's inventory listing, choosing how to open a URL. */
class QuickstartPartsTest {

    @Test
    void readsTheSimulatorsInventoryFromGovcFind() throws IOException {
        Inventory inventory = Inventory.parse("""
                Datacenter:datacenter-2                           /DC0
                VirtualMachine:vm-57                              /DC0/vm/DC0_H0_VM0
                VirtualMachine:vm-63                              /DC0/vm/DC0_C0_RP0_VM0
                ComputeResource:computeresource-23                /DC0/host/DC0_H0
                HostSystem:host-21                                /DC0/host/DC0_H0/DC0_H0
                ClusterComputeResource:clustercomputeresource-27  /DC0/host/DC0_C0
                HostSystem:host-34                                /DC0/host/DC0_C0/DC0_C0_H0
                """);

        assertThat(inventory.datacenter().name()).isEqualTo("DC0");
        assertThat(inventory.datacenter().ref().value()).isEqualTo("datacenter-2");
        assertThat(inventory.vms()).extracting(Inventory.Entity::name).containsExactly("DC0_H0_VM0", "DC0_C0_RP0_VM0");
        assertThat(inventory.hosts()).extracting(host -> host.host().name() + " in " + host.computeResource().name())
                .containsExactly("DC0_C0_H0 in DC0_C0", "DC0_H0 in DC0_H0");
        assertThat(inventory.hosts().getFirst().computeResource().ref().type()).isEqualTo("ClusterComputeResource");
    }

    @Test
    void anInventoryWithoutVmsIsAnError() {
        assertThatThrownBy(() -> Inventory.parse("Datacenter:datacenter-2  /DC0\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("lacks a datacenter, VMs or hosts");
    }

    @Test
    void opensABrowserOnlyWhereThereIsADesktop() {
        String url = "http://127.0.0.1:8082/events";
        assertThat(Browser.command("Mac OS X", Map.of(), url)).contains(List.of("open", url));
        assertThat(Browser.command("Linux", Map.of("PATH", "/usr/bin:/bin"), url)).isEmpty();
        Optional<List<String>> withDisplay = Browser.command("Linux", Map.of("DISPLAY", ":0", "PATH",
                "/nonexistent"), url);
        assertThat(withDisplay).as("no xdg-open on the PATH").isEmpty();
    }
}
