package io.eventrouter.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Creates providers of one {@code type}. Found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.eventrouter.spi.EventProviderFactory}.
 *
 * @param <C> the provider's configuration record, bound from the section named {@link #sectionKey()}
 */
public interface EventProviderFactory<C> {

    /** The {@code type} value in the configuration, e.g. {@code vcenter}. */
    String type();

    /** The key of the settings section, e.g. {@code vcenter}; the original's keys are camelCase. */
    default String sectionKey() {
        return type();
    }

    Class<C> configType();

    /** One line for the configuration reference. */
    String description();

    EventProvider create(C config) throws Exception;

    /**
     * Whether at most one replica of the router may run this provider at a time. True for providers that pull from
     * a source and keep a position in it (vCenter, Horizon): two replicas would read, and deliver, every event twice.
     * False (the default) for providers that are sent events (the webhook): every replica serves its share.
     */
    default boolean singleActive() {
        return false;
    }

    /**
     * For a {@link #singleActive()} provider: the setting (a field of {@code config}, e.g. {@code checkpoint}) that is
     * off and must be on for a replica that takes the provider over to resume where the previous one stopped; empty
     * when it resumes. Without it a hand-over loses the events in between or reads some again, so the configuration
     * refuses such a provider under {@code highAvailability}.
     */
    default Optional<String> resumeSettingOff(C config) {
        return Optional.empty();
    }

    /**
     * The file this provider keeps its position in with {@code config} (in its {@code checkpointDir}, named after its
     * source), or empty when it keeps none. Two providers must not share one: each would overwrite the other's
     * position.
     */
    default Optional<Path> checkpointFile(C config) {
        return Optional.empty();
    }
}
