package io.eventrouter.config.file;

import io.eventrouter.ha.HighAvailabilitySettings;
import java.nio.file.Path;
import java.util.List;

/**
 * What to run, whatever file format it came from: providers, processors (every event goes to every processor whose
 * filters accept it), the metrics server, extra root CAs and high availability.
 *
 * @param statsByType key {@code /stats} entries by connector type, as the original did (one of each per process)
 * @param highAvailability {@code null} when this is the only replica
 */
public record RouterPlan(ConfigFormat format, List<ProviderSection> providers, List<ProcessorSection> processors,
                         MetricsSettings metrics, List<Path> rootCAs, boolean statsByType,
                         HighAvailabilitySettings highAvailability) {

    public RouterPlan {
        providers = List.copyOf(providers);
        processors = List.copyOf(processors);
        rootCAs = List.copyOf(rootCAs);
    }

    /** Whether providers are coordinated with other replicas (a section with {@code enabled: true}). */
    public boolean highlyAvailable() {
        return highAvailability != null && highAvailability.enabled();
    }

    public String statsKey(ProviderSection provider) {
        return statsByType ? provider.type() : provider.displayName();
    }

    public String statsKey(ProcessorSection processor) {
        return statsByType ? processor.type() : processor.displayName();
    }
}
