package io.eventrouter.spi;

import io.eventrouter.config.DeliveryPolicy;

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

    /**
     * This type's delivery defaults, declared here once: what a file's {@code delivery} section does not set. The
     * original's behaviour where it had one; the configuration reference and the README show them.
     */
    default DeliveryPolicy defaultDelivery() {
        return DeliveryPolicy.defaults();
    }

    /**
     * The defaults in the original's file formats (v1alpha1, JSON): {@link #defaultDelivery()} with the original's
     * {@link io.eventrouter.config.RetryRules#ORIGINAL retry rules} for a type that had rules of its own.
     */
    default DeliveryPolicy defaultDeliveryInOriginalFormats() {
        return defaultDelivery();
    }

    EventProcessor create(C config, ProcessorContext context) throws Exception;
}
