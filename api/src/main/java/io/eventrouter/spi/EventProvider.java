package io.eventrouter.spi;

/**
 * A source of events: it turns what it reads into CloudEvents and publishes them in its own order. It never decides
 * where events go. Providers that can replay (vCenter, Horizon) resume from their last acknowledged position; push
 * providers (webhook) acknowledge their senders only once the router has taken responsibility for the events.
 */
public interface EventProvider extends AutoCloseable {

    /**
     * Starts producing in the background and returns. Connection problems are not errors here: the provider retries
     * on its own and reports its state through {@link ProviderContext#health()}. Throws only when the provider cannot
     * run at all (e.g. its listen address is taken).
     */
    void start(ProviderContext context) throws Exception;

    /** A one-line description of the source for logs and {@code /stats}, without secrets. */
    String describe();

    /**
     * The {@code address} of this provider in {@code /stats}: what the original wrote there (its configured address
     * or bind address), never user names or secrets. Defaults to {@link #describe()}.
     */
    default String statsAddress() {
        return describe();
    }

    /** Stops producing: no new publish calls after this returns. Events not yet acknowledged stay un-acknowledged. */
    @Override
    void close();
}
