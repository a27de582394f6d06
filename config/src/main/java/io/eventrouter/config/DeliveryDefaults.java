package io.eventrouter.config;

/**
 * Implemented by a processor factory whose processors deliver with defaults of their own (the original's behaviour
 * where it had one) instead of {@link DeliverySpec#DEFAULT}. Kept out of the connector SPI, which knows no
 * configuration types.
 */
public interface DeliveryDefaults {

    /** Delivery settings used where the configuration gives none. */
    DeliverySpec defaultDelivery();

    /** {@code factory}'s own defaults, or {@link DeliverySpec#DEFAULT} when it declares none. */
    static DeliverySpec of(Object factory) {
        return factory instanceof DeliveryDefaults own ? own.defaultDelivery() : DeliverySpec.DEFAULT;
    }
}
