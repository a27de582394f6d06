package io.eventrouter.spi;

import java.util.concurrent.CompletionStage;

/** Completes when the router is done with one published event: delivered, dead-lettered or not wanted anywhere. */
public interface Acknowledgement {

    CompletionStage<Void> done();

    default boolean isDone() {
        return done().toCompletableFuture().isDone();
    }
}
