package io.eventrouter.source;

import io.cloudevents.CloudEvent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A source that keeps its history and is read from a position, in the manner of Kafka Connect's source tasks: the
 * source connects, reads batches after its position and says how a position is written down and read back;
 * {@link SourceRunner} does everything else (reconnects with backoff, health, loading and writing checkpoints, the
 * acknowledgement window, stall accounting).
 *
 * <p>The source keeps its own position in memory: everything it returns from {@link Session#poll()} is handed to the
 * router before the next call, so a new session goes on after the last item returned.
 *
 * @param <P> the source's position, e.g. a vCenter event key and time
 */
public interface PositionedSource<P> {

    /** Names the source in log lines and health reasons, e.g. {@code vCenter https://vc.local/sdk}. */
    String describe();

    /** The ordering key of every event: one strict lane per source keeps its events in their order. */
    String orderingKey();

    /** The checkpoint's name in the store, e.g. {@code cp-vc.local.json}. */
    String checkpointName();

    /** The checkpoint document for {@code position}, written at {@code now}. */
    String encode(P position, Instant now);

    /**
     * The position in a checkpoint document; empty when it holds none.
     *
     * @throws IOException when the document cannot be used; the runner reports it and tries again
     */
    Optional<P> decode(String document) throws IOException;

    /** Where {@code position} sits in the stream, for stall accounting; null when unknown. */
    default Mark markOf(P position) {
        return null;
    }

    /**
     * Called once, before the first session, with the stored position: empty when there is none or checkpoints are
     * off. The source logs where it starts.
     */
    void resumeFrom(Optional<P> checkpoint);

    /** Connects (and logs in); the session reads after the source's position. */
    Session<P> open() throws Exception;

    /** The reason shown in {@code /readyz} and the log for a failure (never a secret). */
    default String reasonFor(Exception failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /**
     * Whether a failure is part of a source's normal life (an expired session, a collector the server dropped): after
     * a healthy stretch it is retried at once rather than after a pause.
     */
    default boolean routine(Exception failure) {
        return false;
    }

    /** The likely cause of a stall, for the log line that reports it. */
    default String likelyStallCause() {
        return "unknown";
    }

    /** An event that tells processors a stall outlasted a new session; empty when the source sends none. */
    default Optional<CloudEvent> stallAlert(Stall stall) {
        return Optional.empty();
    }

    /** A stall a new session did not end: where reading stands, what the source shows, and since when. */
    record Stall(Mark read, Mark newest, Instant since) {
    }

    /** One connection to the source: reads until it fails or the runner closes it. */
    interface Session<P> extends AutoCloseable {

        /** The next items after the position, oldest first; empty when there is nothing more right now. */
        List<SourceRecord<P>> poll() throws Exception;

        /** Blocks until new items may be there or {@code max} passes; either way the runner polls next. */
        void await(Duration max) throws Exception;

        /**
         * The newest event the source shows, read or not (it may not be readable); empty when unknown. A failure here
         * ends the session like a failed poll.
         */
        default Optional<Mark> newest() throws Exception {
            return Optional.empty();
        }

        /**
         * Where a session that had no checkpoint to resume from starts reading (e.g. after vCenter's newest event);
         * empty otherwise. The runner writes it as the checkpoint at once, so that a successor that takes over before
         * the first event (a crash, a hand-over) reads on from here rather than from its own present.
         */
        default Optional<P> start() {
            return Optional.empty();
        }

        /** Ends the session (logs out), within seconds whatever the source does. */
        @Override
        void close();
    }
}
