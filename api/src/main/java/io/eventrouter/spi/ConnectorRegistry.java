package io.eventrouter.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The connector factories on the class path, by their configuration {@code type}. */
public final class ConnectorRegistry {

    private final Map<String, EventProviderFactory<?>> providers = new LinkedHashMap<>();
    private final Map<String, EventProcessorFactory<?>> processors = new LinkedHashMap<>();

    public ConnectorRegistry(List<? extends EventProviderFactory<?>> providers,
                             List<? extends EventProcessorFactory<?>> processors) {
        providers.forEach(factory -> register(this.providers, factory.type(), factory));
        processors.forEach(factory -> register(this.processors, factory.type(), factory));
    }

    /** Finds factories with {@link ServiceLoader}. */
    @SuppressWarnings("rawtypes")
    public static ConnectorRegistry load() {
        List<EventProviderFactory<?>> providers = new java.util.ArrayList<>();
        ServiceLoader.load(EventProviderFactory.class).forEach(providers::add);
        List<EventProcessorFactory<?>> processors = new java.util.ArrayList<>();
        ServiceLoader.load(EventProcessorFactory.class).forEach(processors::add);
        return new ConnectorRegistry(providers, processors);
    }

    private static <F> void register(Map<String, F> map, String type, F factory) {
        if (map.putIfAbsent(type, factory) != null) {
            throw new IllegalStateException("two connectors claim type " + type);
        }
    }

    public Optional<EventProviderFactory<?>> provider(String type) {
        return Optional.ofNullable(providers.get(type));
    }

    public Optional<EventProcessorFactory<?>> processor(String type) {
        return Optional.ofNullable(processors.get(type));
    }

    public Collection<EventProviderFactory<?>> providers() {
        return Collections.unmodifiableCollection(providers.values());
    }

    public Collection<EventProcessorFactory<?>> processors() {
        return Collections.unmodifiableCollection(processors.values());
    }
}
