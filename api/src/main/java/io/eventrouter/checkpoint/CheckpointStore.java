package io.eventrouter.checkpoint;

import java.io.IOException;
import java.util.Optional;

/** Durable storage for provider positions, one small document per name. */
public interface CheckpointStore {

    Optional<String> read(String name) throws IOException;

    /** Replaces the document atomically: after a crash, readers see the old or the new content, never a mix. */
    void write(String name, String content) throws IOException;

    /** Where the documents live, for messages. */
    String describe();
}
