package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;
import io.eventrouter.ha.HighAvailabilitySettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This router's own configuration version: several providers, several processors each with its filters and
 * delivery spec. Names are unique across providers and processors because {@code /stats} has one key per name.
 */
@Doc("Event Router configuration, apiVersion eventrouter.io/v1: several providers, several processors with filters.")
public record RouterConfigV1(
        @Required @Doc("eventrouter.io/v1") ApiVersion apiVersion,
        @Required @Doc("RouterConfig") ConfigKind kind,
        @Doc("Name and labels of the configuration.") Metadata metadata,
        @Required @Doc("Where events come from; each provider keeps its own position (checkpoint).")
        List<ProviderEntry> eventProviders,
        @Required @Doc("Where events go: every event goes to every processor whose filters accept it.")
        List<ProcessorEntry> eventProcessors,
        @Default("{}") @Doc("The metrics server; by default the built-in one on 0.0.0.0:8082.")
        MetricsProviderSection metricsProvider,
        @Doc("Extra root CAs.") Certificates certificates,
        @Doc("Several replicas, one active per pulling provider.") HighAvailabilitySettings highAvailability)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(!eventProviders.isEmpty(), "eventProviders", "needs at least one provider");
        v.check(!eventProcessors.isEmpty(), "eventProcessors", "needs at least one processor");
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < eventProviders.size(); i++) {
            claim(v, seen, "eventProviders", i, eventProviders.get(i).section().name());
        }
        for (int i = 0; i < eventProcessors.size(); i++) {
            claim(v, seen, "eventProcessors", i, eventProcessors.get(i).section().name());
        }
    }

    private static void claim(Validation v, Map<String, String> seen, String list, int index, String name)
            throws ConfigException {
        if (name == null) {
            throw v.error(list, index, "name must not be empty");
        }
        String first = seen.putIfAbsent(name, list + "[" + index + "]");
        if (first != null) {
            throw v.error(list, index, "name \"" + name + "\" is already used by " + first
                    + " (names are unique across providers and processors: they key /stats and metrics)");
        }
    }

    public List<ProviderSection> providers() {
        return eventProviders.stream().map(ProviderEntry::section).toList();
    }

    public List<ProcessorSection> processors() {
        return eventProcessors.stream().map(ProcessorEntry::section).toList();
    }
}
