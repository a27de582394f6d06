package io.eventrouter.source;

import io.cloudevents.CloudEvent;
import io.eventrouter.retry.Backoff;
import io.eventrouter.retry.Sleeper;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.ProviderContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link PositionedSource} on its own virtual thread until closed: loads the checkpoint (retrying while the
 * store cannot be read: starting without it would skip what happened since), opens a session, publishes what it reads
 * in order, tracks acknowledgements and writes the checkpoint periodically and once more on close, notices stalls, and
 * on any failure reports the provider down, pauses (capped exponential backoff) and opens a new session that goes on
 * after the last event handed on. Failures never end it; they show in the provider's health and the log.
 *
 * @param <P> the source's position
 */
public final class SourceRunner<P> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How the runner behaves.
     *
     * @param metricPrefix       prefix of the stall and lag meters, e.g. {@code eventrouter.vcenter}
     * @param backoffMin         first pause after a failure; doubles on each failure in a row
     * @param backoffMax         longest pause
     * @param maxWait            longest {@link PositionedSource.Session#await} while nothing is behind
     * @param stallTimeout       how long reads may return nothing while the source shows newer events
     * @param checkpointDir      where checkpoints are kept; null: checkpoints off
     * @param checkpointInterval how often the checkpoint may be rewritten while events are acknowledged
     */
    public record Settings(String metricPrefix, Duration backoffMin, Duration backoffMax, Duration maxWait,
                           Duration stallTimeout, Path checkpointDir, Duration checkpointInterval) {
    }

    private final PositionedSource<P> source;
    private final ProviderContext context;
    private final Settings settings;
    private final Backoff backoff;
    private final StallWatch stall;
    private final CheckpointKeeper<P> checkpoints;
    private final Counter stalls;
    private volatile boolean stopping;
    private Thread thread;

    public SourceRunner(PositionedSource<P> source, ProviderContext context, Settings settings, Sleeper sleeper) {
        this.source = source;
        this.context = context;
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), sleeper);
        this.stall = new StallWatch(settings.stallTimeout(), context.clock());
        this.checkpoints = settings.checkpointDir() == null ? CheckpointKeeper.disabled()
                : CheckpointKeeper.enabled(context.checkpointStore(settings.checkpointDir()), source.checkpointName(),
                source::encode, source::decode, context.clock(), settings.checkpointInterval());
        MeterRegistry meters = context.meterRegistry();
        String prefix = settings.metricPrefix();
        String provider = context.name();
        this.stalls = Counter.builder(prefix + ".stalls").tag("provider", provider)
                .description("Times reading stalled: the source showed newer events while reads returned none for "
                        + "stallTimeout").register(meters);
        Gauge.builder(prefix + ".lag.events", stall, StallWatch::lagEvents).tag("provider", provider)
                .description("Events the source shows beyond the last one read").register(meters);
        Gauge.builder(prefix + ".lag.seconds", stall, StallWatch::lagSeconds).tag("provider", provider)
                .description("Creation time between the last event read and the source's newest").register(meters);
        if (checkpoints.isEnabled()) {
            // the provider's share of memory while a burst drains: publishing blocks on full queues, so this stays
            // within the processors' maxQueuedEvents
            Gauge.builder(prefix + ".unacknowledged.events", checkpoints, CheckpointKeeper::outstanding)
                    .tag("provider", provider).description("Events handed to the router that not every processor "
                            + "has finished yet (tracked with checkpoints on)").register(meters);
        }
    }

    public SourceRunner(PositionedSource<P> source, ProviderContext context, Settings settings) {
        this(source, context, settings, Sleeper.SYSTEM);
    }

    /** Starts reading on a virtual thread named {@code threadName}. */
    public synchronized void start(String threadName) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofVirtual().name(threadName).start(this::run);
    }

    /** Stops reading (the session closes within seconds) and writes the final checkpoint. */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        stopping = true;
        thread.interrupt();
        try {
            if (!thread.join(STOP_TIMEOUT)) {
                LOG.warn("{}: the reader did not stop within {}", source.describe(), STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoints.close();
        thread = null;
    }

    /** Reads until stopped. */
    private void run() {
        if (!loadCheckpoint()) {
            return;
        }
        while (!stopping) {
            try {
                readSession();
            } catch (InterruptedException e) {
                if (!stopping) {
                    LOG.info("{}: the router is stopping; no more events are read", source.describe());
                }
                return;
            } catch (Exception e) {
                if (stopping || !pauseAfter(e)) {
                    return;
                }
            }
        }
    }

    /** Returns false when stopped before the checkpoint could be read. */
    private boolean loadCheckpoint() {
        while (!stopping) {
            try {
                Optional<P> checkpoint = checkpoints.load();
                source.resumeFrom(checkpoint);
                checkpoint.map(source::markOf).ifPresent(stall::startingAt);
                backoff.reset();
                return true;
            } catch (IOException e) {
                Duration pause = backoff.next();
                String reason = "cannot read checkpoint " + checkpoints.describeStore() + ": " + e.getMessage();
                context.health().down(reason);
                LOG.error("{}: {}; no event is read before it is, retrying in {} (attempt {})", source.describe(),
                        reason, pretty(pause), backoff.failures());
                try {
                    backoff.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return false;
                }
            }
        }
        return false;
    }

    private void readSession() throws Exception {
        PositionedSource.Session<P> session = source.open();
        try {
            session.start().ifPresent(checkpoints::startAt);
            session.newest().ifPresent(stall::newest);
            follow(session);
        } finally {
            session.close();
        }
    }

    /** Drains the session, then waits for new events; until it fails, stalls or the runner stops. */
    private void follow(PositionedSource.Session<P> session) throws Exception {
        boolean healthy = false;
        while (!stopping) {
            List<SourceRecord<P>> batch = session.poll();
            if (!healthy) {
                healthy = true;
                if (!backoff.fresh()) {
                    LOG.info("{}: reading again after {} failed attempt(s)", source.describe(), backoff.failures());
                }
                backoff.reset();
                if (!stall.inStall()) { // a stall ends with the first event read, not with a new session
                    context.health().up();
                }
            }
            if (!batch.isEmpty()) {
                for (SourceRecord<P> item : batch) {
                    handle(item);
                }
                continue;
            }
            stall.emptyRead();
            if (stall.stalled()) {
                stalled();
                return; // the next session reads from the last event handed on
            }
            // while behind, wake up in time to check for a stall even if the source signals nothing
            session.await(stall.nextCheckWithin(settings.maxWait()));
            session.newest().ifPresent(stall::newest);
        }
    }

    private void handle(SourceRecord<P> item) throws InterruptedException {
        if (item.mark() != null) {
            Instant stalledSince = stall.stalledSince();
            if (stall.read(item.mark())) {
                LOG.info("{}: reading again after a stall since {}", source.describe(), stalledSince);
                context.health().up();
            }
        }
        if (item.event() != null) {
            Acknowledgement ack = context.publisher().publish(item.event(), source.orderingKey());
            checkpoints.track(item.position(), ack);
        } else if (item.position() != null) {
            checkpoints.passOver(item.position());
        }
    }

    /**
     * Reports a stall (log, metric, /readyz); the caller ends the session so that the next one reads from the last
     * event handed on. A stall that outlasts a new session is logged as an error and, where the source has one,
     * announced with an alert event.
     */
    private void stalled() throws InterruptedException {
        int detections = stall.detected();
        Mark read = stall.readPosition();
        Mark newest = stall.newest();
        String reason = "reading stalled: " + source.describe() + " shows event " + newest.sequence() + " of " + newest.time() + ", "
                + (long) stall.lagEvents() + " events and " + (long) stall.lagSeconds() + " s after the last event read ("
                + read.sequence() + "), but reads have returned nothing for " + pretty(settings.stallTimeout());
        // down before counted: whoever sees the count sees the reason in /readyz too
        context.health().down(reason);
        stalls.increment();
        if (detections == 1) {
            LOG.warn("{}: {}. Likely cause: {}. Reading again through a new session from the last event handed on",
                    source.describe(), reason, source.likelyStallCause());
        } else {
            LOG.error("{}: still stalled after {} new session(s) since {}: {}; trying again", source.describe(),
                    detections - 1, stall.stalledSince(), reason);
            if (detections == 2) {
                Optional<CloudEvent> alert = source.stallAlert(new PositionedSource.Stall(read, newest,
                        stall.stalledSince()));
                if (alert.isPresent()) {
                    context.publisher().publish(alert.get(), source.orderingKey());
                }
            }
        }
    }

    /**
     * Reports the failure, logs it, and waits before the next attempt. A routine failure (an expired session) after a
     * healthy stretch is retried at once. Returns false when stopped while waiting.
     */
    private boolean pauseAfter(Exception e) {
        boolean routine = source.routine(e) && backoff.fresh();
        String reason = source.reasonFor(e);
        context.health().down(reason);
        Duration pause = backoff.next(); // a second failure in a row is not routine any more
        if (routine) {
            LOG.info("{}: {}; connecting again", source.describe(), reason);
            return true;
        }
        if (e instanceof RuntimeException) {
            LOG.error("{}: unexpected failure; reconnecting in {}", source.describe(), pretty(pause), e);
        } else {
            LOG.warn("{}: {}; retrying in {} (attempt {})", source.describe(), reason, pretty(pause),
                    backoff.failures());
        }
        try {
            backoff.sleep(pause);
            return !stopping;
        } catch (InterruptedException interrupted) {
            return false;
        }
    }

    private static String pretty(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
    }
}
