package io.eventrouter.app.replay;

import io.eventrouter.config.Addresses;
import io.eventrouter.config.file.MetricsSettings;
import io.eventrouter.config.file.ProcessorSection;
import io.eventrouter.config.file.ProviderSection;
import io.eventrouter.config.file.RouterPlan;
import io.eventrouter.spi.EventProviderFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a configuration into what a replay runs: its vCenter providers as one-off replays named
 * {@code <name>-replay} (other providers, e.g. webhooks, are left out: they would take the running router's ports),
 * the chosen processors with their filters and delivery specs, and the metrics server on an address of its own.
 */
public final class ReplayPlan {

    static final String SUFFIX = "-replay";

    private ReplayPlan() {
    }

    /**
     * @param factory        makes the replays, from {@link io.eventrouter.spi.HistoryReplay#factory}
     * @param providerNames  vCenter providers to replay; empty: all of them
     * @param processorNames processors to deliver to; empty: all of them
     * @throws IllegalArgumentException with a message for the user when the selection cannot be met
     */
    public static RouterPlan of(RouterPlan plan, EventProviderFactory<?> factory, List<String> providerNames,
                                List<String> processorNames, String metricsAddress) {
        List<ProviderSection> vCenters = plan.providers().stream()
                .filter(section -> section.type().equals(factory.type())).toList();
        if (vCenters.isEmpty()) {
            throw new IllegalArgumentException("the configuration has no vcenter provider to replay");
        }
        checkNames("vcenter provider", providerNames, vCenters.stream().map(ProviderSection::displayName).toList());
        List<ProviderSection> replays = new ArrayList<>();
        for (ProviderSection section : vCenters) {
            if (providerNames.isEmpty() || providerNames.contains(section.displayName())) {
                replays.add(new ProviderSection(section.type(), section.displayName() + SUFFIX, section.settings(),
                        factory, section.extensions()));
            }
        }
        checkNames("processor", processorNames, plan.processors().stream().map(ProcessorSection::displayName)
                .toList());
        List<ProcessorSection> processors = plan.processors().stream()
                .filter(section -> processorNames.isEmpty() || processorNames.contains(section.displayName()))
                .toList();
        try {
            Addresses.parseBindAddress(metricsAddress);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics-address: " + e.getMessage());
        }
        MetricsSettings metrics = plan.metrics();
        MetricsSettings own = new MetricsSettings(metricsAddress, metrics.auth(), metrics.authenticateProbes(),
                metrics.tls(), metrics.viewer());
        // A replay reads a window of its own and writes no checkpoint: it takes no Lease even where the router does.
        return new RouterPlan(plan.format(), replays, processors, own, plan.rootCAs(), plan.statsByType(), null);
    }

    private static void checkNames(String what, List<String> wanted, List<String> known) {
        Set<String> unknown = wanted.stream().filter(name -> !known.contains(name)).collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " named " + String.join(", ", unknown)
                    + " in the configuration (it has " + String.join(", ", known) + ")");
        }
    }
}
