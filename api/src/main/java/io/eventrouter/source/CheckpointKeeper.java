package io.eventrouter.source;

import io.eventrouter.checkpoint.AckWindow;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.spi.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Keeps a checkpoint at the newest position whose event, and every event before it, the router has acknowledged;
 * never past an event still in flight or retried. Writes at most once per interval (acknowledgements come per event,
 * writes are an fsync each), or the store's own longer {@link CheckpointStore#writeInterval()}, and once more on close.
 *
 * @param <P> the source's position
 */
public final class CheckpointKeeper<P> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointKeeper.class);

    /** Reads a checkpoint document; empty when it holds no position. */
    @FunctionalInterface
    public interface Decoder<P> {
        Optional<P> decode(String document) throws IOException;
    }

    private final CheckpointStore store;
    private final String fileName;
    private final BiFunction<P, Instant, String> encoder;
    private final Decoder<P> decoder;
    private final Clock clock;
    private final Duration interval;
    private final AckWindow<P> window = new AckWindow<>();
    private final ScheduledExecutorService timer;
    /** The store's {@link CheckpointStore#writeInterval()}. */
    private final long spacingNanos;
    /** When this keeper last wrote ({@code System.nanoTime()}); 0 before its first write. */
    private long lastWriteNanos;
    private P written;
    private boolean failing;
    /** Why the last write failed, while {@link #failing}. */
    private String failure;

    private CheckpointKeeper(CheckpointStore store, String fileName, BiFunction<P, Instant, String> encoder,
                             Decoder<P> decoder, Clock clock, Duration interval) {
        this.store = store;
        this.fileName = fileName;
        this.encoder = encoder;
        this.decoder = decoder;
        this.clock = clock;
        this.interval = interval;
        this.spacingNanos = store == null ? 0 : store.writeInterval().toNanos();
        if (store == null) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("checkpoint-" + fileName)
                    .factory());
            timer.scheduleWithFixedDelay(this::flushWhenDue, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The timer's write: at the keeper's interval, and no sooner than the store's own spacing after this keeper's
     * last write (a ConfigMap is an API-server request per write). The first write is never held back: until then
     * a successor would have to start from an older position, or none.
     */
    private synchronized void flushWhenDue() {
        if (lastWriteNanos != 0 && System.nanoTime() - lastWriteNanos < spacingNanos) {
            return;
        }
        flush();
    }

    /** Keeps the checkpoint {@code fileName} in {@code store}, written at most every {@code interval}. */
    public static <P> CheckpointKeeper<P> enabled(CheckpointStore store, String fileName,
                                                  BiFunction<P, Instant, String> encoder, Decoder<P> decoder,
                                                  Clock clock, Duration interval) {
        return new CheckpointKeeper<>(store, fileName, encoder, decoder, clock, interval);
    }

    /** Checkpoints off: positions are not tracked and nothing is written. */
    public static <P> CheckpointKeeper<P> disabled() {
        return new CheckpointKeeper<>(null, null, null, null, Clock.systemUTC(), Duration.ZERO);
    }

    public boolean isEnabled() {
        return store != null;
    }

    /**
     * The stored position; empty when there is none (or checkpoints are off).
     *
     * @throws IOException when the store cannot be read: the caller tries again rather than start without it, which
     *                     would skip what happened since
     */
    public Optional<P> load() throws IOException {
        if (store == null) {
            return Optional.empty();
        }
        Optional<String> content = store.read(fileName);
        Optional<P> position = content.isEmpty() ? Optional.empty() : decoder.decode(content.get());
        synchronized (this) {
            written = position.orElse(null); // the store holds it already: no need to write it again
        }
        return position;
    }

    public String describeStore() {
        return store == null ? "no store" : fileName + " in " + store.describe();
    }

    /** An event handed to the router: its position counts once {@code ack} completes. */
    public void track(P position, Acknowledgement ack) {
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

    /** An event that was not handed on (it could not be converted, and was reported): later positions may pass it. */
    public void passOver(P position) {
        if (store != null) {
            window.acknowledge(window.append(position));
        }
    }

    /**
     * Writes where reading starts when the store holds no position yet and no event has been tracked: without it, a
     * successor that takes over before the first write would start at its own present and skip what happened since.
     * It does not count as the first write: the first event's position is not held back by the store's spacing.
     */
    public synchronized void startAt(P position) {
        if (store != null && written == null && window.safePosition().isEmpty() && window.outstanding() == 0) {
            write(position);
        }
    }

    /** Writes the safe position now if it moved since the last write. */
    public synchronized void flush() {
        Optional<P> safe = window.safePosition();
        if (store == null || safe.isEmpty() || safe.get().equals(written)) {
            return;
        }
        // a failed attempt counts too: a store that cannot be written is not asked again sooner
        lastWriteNanos = Math.max(1, System.nanoTime());
        write(safe.get());
    }

    private void write(P position) {
        try {
            store.write(fileName, encoder.apply(position, clock.instant()));
            written = position;
            if (failing) {
                LOG.info("checkpoint {} in {} is written again", fileName, store.describe());
                failing = false;
            }
            LOG.debug("checkpoint {}: {}", fileName, written);
        } catch (IOException | RuntimeException e) {
            // once per failing stretch and reason: the next attempt is an interval away and would repeat the same
            // line, but a new reason (a timeout, then the store refusing for good) must be seen
            if (!failing || !e.toString().equals(failure)) {
                LOG.warn("cannot write checkpoint {} in {}: {}; trying again every {}", fileName, store.describe(),
                        e.toString(), Duration.ofNanos(Math.max(interval.toNanos(), spacingNanos)));
            }
            failing = true;
            failure = e.toString();
        }
    }

    public int outstanding() {
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
