package io.eventrouter.config;

/**
 * Implemented by a processor factory whose processors deliver with defaults of their own (the original's behaviour
 * where it had one) instead of {@link DeliveryPolicy#defaults()}: declared here once; the configuration reference and
 * the README show them. Kept out of the connector SPI, which knows no configuration types.
 */
public interface DeliveryDefaults {

    /** What a file's {@code delivery} section does not set. */
    DeliveryPolicy defaultDelivery();

    /**
     * The defaults in the original's file formats (v1alpha1, JSON): {@link #defaultDelivery()} with the original's
     * {@link RetryRules#ORIGINAL retry rules} for a type that had rules of its own.
     */
    default DeliveryPolicy defaultDeliveryInOriginalFormats() {
        return defaultDelivery();
    }

    /** {@code factory}'s own defaults, or the router's when it declares none. */
    static DeliveryPolicy of(Object factory) {
        return factory instanceof DeliveryDefaults own ? own.defaultDelivery() : DeliveryPolicy.defaults();
    }

    /** {@code factory}'s own defaults for a file in the original's formats, or the router's. */
    static DeliveryPolicy inOriginalFormats(Object factory) {
        return factory instanceof DeliveryDefaults own ? own.defaultDeliveryInOriginalFormats()
                : DeliveryPolicy.defaults();
    }
}
