package io.eventrouter.extensions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named sets of promoted attributes for well-known event shapes. */
public final class ExtensionPresets {

    /**
     * vCenter events as govmomi's JSON: the entity arguments every {@code Event} carries ({@code Vm}, {@code Host},
     * {@code ComputeResource}, {@code Datacenter}, {@code Ds}) and the user who caused it.
     */
    private static final Map<String, String> VCENTER = ordered(
            "vmname", "/Vm/Name",
            "vmid", "/Vm/Vm/Value",
            "hostname", "/Host/Name",
            "cluster", "/ComputeResource/Name",
            "datacenter", "/Datacenter/Name",
            "datastore", "/Ds/Name",
            "username", "/UserName");

    private static final Map<String, Map<String, String>> PRESETS = Map.of("vcenter", VCENTER);

    private ExtensionPresets() {
    }

    /** The preset's attribute names and pointers in a stable order, or null when there is no such preset. */
    public static Map<String, String> get(String name) {
        return PRESETS.get(name);
    }

    public static List<String> names() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
