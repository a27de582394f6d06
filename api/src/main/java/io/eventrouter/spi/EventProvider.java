package io.eventrouter.spi;

import java.time.Instant;

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

    /**
     * The first step of a graceful shutdown (SIGTERM), before {@link #close()}: stop taking new events from outside
     * (a push source answers "unavailable", so its senders go to another replica) and keep handing on what was
     * already accepted until that is done or {@code deadline} comes. Returns when it is done or the deadline came;
     * what is left must still be there for the next start. The default has nothing to hand on.
     */
    default void drain(Instant deadline) throws InterruptedException {
    }

    /** Stops producing: no new publish calls after this returns. Events not yet acknowledged stay un-acknowledged. */
    @Override
    void close();
}
