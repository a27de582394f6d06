package io.eventrouter.spi;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Completes when the router is done with one published event: delivered, dead-lettered or not wanted anywhere. */
public interface Acknowledgement {

    /** How the router finished with an event, the worst over all processors. */
    enum Outcome {
        /** Delivered everywhere it was wanted (or wanted nowhere). */
        DELIVERED,
        /** At least one processor gave up and its dead-letter sink took the event. */
        DEAD_LETTERED,
        /** At least one processor gave up and had no dead-letter sink: the event is only in the log. */
        DROPPED
    }

    CompletionStage<Void> done();

    default boolean isDone() {
        return done().toCompletableFuture().isDone();
    }

    /** The outcome once {@link #done()} completed; empty before. */
    Optional<Outcome> outcome();
}
