package io.eventrouter.ha;

/** A replica's claim on one provider; see {@link Coordinator#campaign}. */
public interface Campaign extends AutoCloseable {

    /** Stops competing and, if this replica held the provider, hands it over at once instead of letting it expire. */
    @Override
    void close();
}
