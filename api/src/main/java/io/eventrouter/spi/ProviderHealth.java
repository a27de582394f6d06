package io.eventrouter.spi;

/** A provider's connection state, shown by {@code /readyz} and the metrics. */
public interface ProviderHealth {

    /** The provider is connected (or listening) and producing. */
    void up();

    /** The provider lost its source; {@code reason} is shown in {@code /readyz} (no secrets). */
    void down(String reason);
}
