package io.eventrouter.checkpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Durable storage for provider positions, one small document per name. */
public interface CheckpointStore {

    Optional<String> read(String name) throws IOException;

    /** Replaces the document atomically: after a crash, readers see the old or the new content, never a mix. */
    void write(String name, String content) throws IOException;

    /** Where the documents live, for messages. */
    String describe();

    /**
     * How often a document may be rewritten while its provider runs; writers keep at least this far apart (the last
     * position is still written when they stop). A store whose writes are cheap (a local file) says zero.
     */
    default Duration writeInterval() {
        return Duration.ZERO;
    }
}
