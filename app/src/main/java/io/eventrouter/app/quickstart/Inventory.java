package io.eventrouter.app.quickstart;

import io.eventrouter.vsphere.vcsim.EventPoster.Ref;
import io.eventrouter.vsphere.vcsim.Govc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's objects that simulated events are about, read once with {@code govc find}: events posted with
 * PostEvent name their datacenter, host and VM as vCenter would, with the simulator's own references.
 */
record Inventory(Entity datacenter, List<Entity> vms, List<HostEntity> hosts) {

    /** A managed entity: its name and reference. */
    record Entity(String name, Ref ref) {
    }

    /** A host with the compute resource (standalone host or cluster) it belongs to. */
    record HostEntity(Entity host, Entity computeResource) {
    }

    static Inventory read(Govc govc) throws IOException, InterruptedException {
        return parse(govc.run("find", "-i", "-l", "/", "-type", "d", "-type", "m", "-type", "h", "-type", "c",
                "-type", "r"));
    }

    /** Lines such as {@code HostSystem:host-21   /DC0/host/DC0_H0/DC0_H0}. */
    static Inventory parse(String findOutput) throws IOException {
        Entity datacenter = null;
        List<Entity> vms = new ArrayList<>();
        Map<String, Entity> computeResources = new HashMap<>();
        Map<String, Entity> hostsByPath = new HashMap<>();
        for (String line : findOutput.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            String[] parts = line.split("\\s+", 2);
            String[] ref = parts[0].split(":", 2);
            if (parts.length < 2 || ref.length < 2) {
                continue;
            }
            String path = parts[1];
            Entity entity = new Entity(path.substring(path.lastIndexOf('/') + 1), new Ref(ref[0], ref[1]));
            switch (ref[0]) {
                case "Datacenter" -> datacenter = datacenter == null ? entity : datacenter;
                case "VirtualMachine" -> vms.add(entity);
                case "HostSystem" -> hostsByPath.put(path, entity);
                case "ComputeResource", "ClusterComputeResource" -> computeResources.put(path, entity);
                default -> {
                }
            }
        }
        List<HostEntity> hosts = new ArrayList<>();
        hostsByPath.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(host -> hosts.add(
                new HostEntity(host.getValue(), computeResources.get(parent(host.getKey())))));
        if (datacenter == null || vms.isEmpty() || hosts.isEmpty()) {
            throw new IOException("the simulator's inventory lacks a datacenter, VMs or hosts: " + findOutput);
        }
        return new Inventory(datacenter, List.copyOf(vms), List.copyOf(hosts));
    }

    private static String parent(String path) {
        return path.substring(0, Math.max(0, path.lastIndexOf('/')));
    }
}
