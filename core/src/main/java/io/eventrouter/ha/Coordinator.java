package io.eventrouter.ha;

import io.eventrouter.checkpoint.CheckpointStore;

import java.nio.file.Path;

/**
 * This replica's part in sharing work with the other replicas of the same router: which of them runs a provider
 * that must run once (see {@link io.eventrouter.spi.EventProviderFactory#singleActive()}), and where such a
 * provider keeps the checkpoint its successor resumes from.
 */
public interface Coordinator extends AutoCloseable {

    /** This replica's name, as the other replicas see it (a pod's name). */
    String identity();

    /**
     * Starts competing for {@code provider} and returns at once; {@code listener} is told when this replica becomes
     * and stops being the one that runs it. Closing the campaign ends the competition; call it after the provider
     * has stopped and written its last checkpoint, so that a successor resumes from there.
     */
    Campaign campaign(String provider, LeadershipListener listener);

    /** The store that every replica sees for {@code provider}; {@code directory} is the one its config names. */
    CheckpointStore checkpointStore(String provider, Path directory);

    /** Ends every campaign still open. */
    @Override
    void close();
}
