package io.eventrouter.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * A provider type whose source keeps its event history, so that a window of it can be published again once
 * ({@code event-router replay}). Found with {@link ServiceLoader} (the vsphere module has vCenter's), so that the
 * application needs no connector's classes.
 */
public interface HistoryReplay {

    /** The provider {@code type} whose sections are replayed, e.g. {@code vcenter}. */
    String type();

    /**
     * Makes one-off replays of the window from {@code since} to {@code until} (both as the user gave them).
     *
     * @param until {@code null}: up to now
     * @throws IllegalArgumentException with a message for the user when a bound cannot be read
     */
    EventProviderFactory<?> factory(String since, String until);

    /** A provider made by {@link #factory}: it publishes the window once, then reports what it read. */
    interface Replay extends EventProvider {

        /** Completes once every event of the window is done with, or exceptionally when reading failed or stopped. */
        CompletableFuture<? extends Result> finished();
    }

    /** What a finished replay read: {@code read} events published, {@code unreadable} ones skipped. */
    interface Result {

        Instant begin();

        Instant end();

        long read();

        long unreadable();
    }

    /** The replay of {@code type} on the class path, if any. */
    static Optional<HistoryReplay> of(String type) {
        return ServiceLoader.load(HistoryReplay.class).stream().map(ServiceLoader.Provider::get)
                .filter(replay -> replay.type().equals(type)).findFirst();
    }
}
