package io.eventrouter.spi;

/**
 * Creates processors of one {@code type}. Found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.eventrouter.spi.EventProcessorFactory}.
 *
 * @param <C> the processor's configuration record, bound from the section named {@link #sectionKey()}
 */
public interface EventProcessorFactory<C> {

    /** The {@code type} value in the configuration, e.g. {@code knative} or {@code aws_event_bridge}. */
    String type();

    /** The key of the settings section, e.g. {@code awsEventBridge}. */
    default String sectionKey() {
        return type();
    }

    Class<C> configType();

    /** One line for the configuration reference. */
    String description();

    EventProcessor create(C config, ProcessorContext context) throws Exception;
}
