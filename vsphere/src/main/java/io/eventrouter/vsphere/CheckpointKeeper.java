package io.eventrouter.vsphere;

import io.eventrouter.checkpoint.AckWindow;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.spi.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the checkpoint file at the newest position whose event, and every event before it, the router has
 * acknowledged; never past an event still in flight or retried. Writes at most once per interval (acknowledgements
 * come per event, writes are an fsync each) and once more on close.
 */
final class CheckpointKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointKeeper.class);

    private final CheckpointStore store;
    private final String fileName;
    private final String vCenter;
    private final Clock clock;
    private final Duration interval;
    private final AckWindow<Position> window = new AckWindow<>();
    private final ScheduledExecutorService timer;
    private Position written;
    private boolean failing;

    private CheckpointKeeper(CheckpointStore store, String vCenter, Clock clock, Duration interval) {
        this.store = store;
        this.fileName = store == null ? null : Checkpoint.fileName(vCenter);
        this.vCenter = vCenter;
        this.clock = clock;
        this.interval = interval;
        if (store == null) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("checkpoint-" + vCenter)
                    .factory());
            timer.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static CheckpointKeeper enabled(CheckpointStore store, String vCenterHost, Clock clock, Duration interval) {
        return new CheckpointKeeper(store, vCenterHost, clock, interval);
    }

    /** Checkpoints off: positions are not tracked and nothing is written. */
    static CheckpointKeeper disabled() {
        return new CheckpointKeeper(null, "", Clock.systemUTC(), Duration.ZERO);
    }

    boolean isEnabled() {
        return store != null;
    }

    /**
     * The stored checkpoint; empty when there is none (or checkpoints are off).
     *
     * @throws IOException when the store cannot be read: the caller tries again rather than start without it, which
     *                     would skip what happened since
     */
    Optional<Checkpoint> load() throws IOException {
        if (store == null) {
            return Optional.empty();
        }
        Optional<String> content = store.read(fileName);
        return content.isEmpty() ? Optional.empty() : Checkpoint.parse(content.get());
    }

    String describeStore() {
        return store == null ? "no store" : fileName + " in " + store.describe();
    }

    /** An event handed to the router: its position counts once {@code ack} completes. */
    void track(Position position, Acknowledgement ack) {
        if (store == null) {
            return;
        }
        long ticket = window.append(position);
        ack.done().whenComplete((ignored, failure) -> {
            if (failure == null) {
                window.acknowledge(ticket);
            }
        });
    }

    /** An event that was not handed on (it could not be converted, and was logged): later positions may pass it. */
    void passOver(Position position) {
        if (store != null) {
            window.acknowledge(window.append(position));
        }
    }

    /** Writes the safe position if it moved since the last write. */
    synchronized void flush() {
        Optional<Position> safe = window.safePosition();
        if (store == null || safe.isEmpty() || safe.get().equals(written)) {
            return;
        }
        Checkpoint checkpoint = Checkpoint.of(vCenter, safe.get(), clock.instant().atOffset(ZoneOffset.UTC));
        try {
            store.write(fileName, checkpoint.toJson());
            written = safe.get();
            if (failing) {
                LOG.info("checkpoint {} in {} is written again", fileName, store.describe());
                failing = false;
            }
            LOG.debug("checkpoint {}: event {} ({})", fileName, written.key(), written.type());
        } catch (IOException | RuntimeException e) {
            // once per failing stretch: the next attempt is a second away and would repeat the same line
            if (!failing) {
                LOG.warn("cannot write checkpoint {} in {}: {}; trying again every {}", fileName, store.describe(),
                        e.toString(), interval);
            }
            failing = true;
        }
    }

    int outstanding() {
        return window.outstanding();
    }

    /** Stops the timer and writes what is safe now. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
