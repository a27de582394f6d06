package io.eventrouter.horizon;

import io.cloudevents.CloudEvent;
import io.eventrouter.checkpoint.AckWindow;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.config.Binder;
import io.eventrouter.http.HttpClients;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Polls Horizon's audit events and publishes them oldest first, ordered by the Horizon address. Never gives up on
 * Horizon errors: it reports itself down, backs off (capped) and tries again, logging in anew where needed. With
 * {@code checkpoint: true} it records the newest position whose events, and all before them, were acknowledged, and
 * resumes after it (at most {@code checkpointMaxAge} back).
 */
final class HorizonProvider implements EventProvider {

    /** Knobs the configuration does not expose; tests turn them down. */
    record Tuning(Duration backoffMin, Duration backoffMax, Duration checkpointInterval, int pageSize,
                  int maxWindowEvents) {
        static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
                500, 10_000);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HorizonProvider.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The original's first read: the last (up to) 10 events. */
    private static final int INITIAL_EVENTS = 10;
    /** The original's upper bound of the time filter: a day ahead, against clock skew between router and Horizon. */
    private static final Duration FUTURE_BUFFER = Duration.ofHours(24);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final HorizonConfig config;
    private final Tuning tuning;
    private final URI source;
    private final String host;
    private final AckWindow<Position> acknowledged = new AckWindow<>();
    private ProviderContext context;
    private HorizonClient client;
    private AuditEventReader reader;
    private CheckpointStore checkpoints;
    private Position position;
    /** Set at start with checkpoints on: the poller reads the checkpoint before anything else. */
    private boolean positionPending;
    private Position written;
    private Thread poller;
    private Thread checkpointer;
    private volatile boolean closed;

    HorizonProvider(HorizonConfig config, Tuning tuning) {
        this.config = config;
        this.tuning = tuning;
        this.source = URI.create(config.source());
        this.host = config.address().uri().getHost();
    }

    @Override
    public void start(ProviderContext context) {
        this.context = context;
        if (config.insecureSSL()) {
            LOG.warn("horizon provider {}: using a potentially insecure connection to {} (insecureSSL: true)",
                    context.name(), describe());
        }
        client = new HorizonClient(HttpClients.create(context.tls().context(config.insecureSSL()), CONNECT_TIMEOUT),
                config.source(), config.auth().activeDirectoryAuth());
        reader = new AuditEventReader(client, tuning.pageSize(), tuning.maxWindowEvents(),
                () -> context.publisher().recordError());
        if (config.checkpoint()) {
            checkpoints = context.checkpointStore(config.checkpointDir());
            positionPending = true; // read by the poller, which retries while the store cannot be read
            checkpointer = Thread.ofVirtual().name("horizon-checkpoint-" + host).start(this::checkpointLoop);
        }
        poller = Thread.ofVirtual().name("horizon-" + host).start(this::pollLoop);
    }

    /**
     * Where to go on from the checkpoint; {@code null}: from the latest events.
     *
     * @throws CheckpointUnreadable when the store cannot be read: starting without it would skip what happened since
     */
    private Position resumePosition() throws CheckpointUnreadable {
        String name = CheckpointFile.name(host);
        Optional<String> document;
        try {
            document = checkpoints.read(name);
        } catch (IOException e) {
            throw new CheckpointUnreadable("cannot read checkpoint " + name + " in " + checkpoints.describe() + " ("
                    + e.getMessage() + "); no event is read before it is", e);
        }
        if (document.isEmpty()) {
            LOG.info("horizon provider {}: no checkpoint yet in {}; starting with the last {} events", context.name(),
                    checkpoints.describe(), INITIAL_EVENTS);
            return null;
        }
        Optional<Position> saved = CheckpointFile.read(document.get());
        if (saved.isEmpty()) {
            LOG.warn("horizon provider {}: checkpoint {} in {} is not readable; starting with the last {} events",
                    context.name(), name, checkpoints.describe(), INITIAL_EVENTS);
            return null;
        }
        written = saved.get();
        long oldest = context.clock().millis() - config.checkpointMaxAge().toMillis();
        if (saved.get().time() < oldest) {
            LOG.warn("horizon provider {}: checkpoint is older than checkpointMaxAge {}; resuming from then",
                    context.name(), config.checkpointMaxAge());
            return new Position(oldest, Set.of(), 0, "");
        }
        LOG.info("horizon provider {}: resuming after event {} of {}", context.name(), saved.get().lastId(),
                Instant.ofEpochMilli(saved.get().time()));
        return saved.get();
    }

    private void pollLoop() {
        int failures = 0;
        while (!closed) {
            try {
                if (positionPending) {
                    position = resumePosition();
                    positionPending = false;
                }
                List<AuditEvent> events = position == null ? reader.latest(INITIAL_EVENTS)
                        : reader.since(position, context.clock().millis() + FUTURE_BUFFER.toMillis());
                context.health().up();
                if (failures > 0) {
                    LOG.info("horizon provider {}: reading events again after {} failed attempt(s)", context.name(),
                            failures);
                    failures = 0;
                }
                publish(events);
                if (events.isEmpty()) {
                    Thread.sleep(config.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                String reason = e instanceof HorizonException || e instanceof CheckpointUnreadable ? e.getMessage()
                        : "cannot reach Horizon at " + address() + ": " + problem(e);
                context.health().down(reason);
                Duration wait = backoff(failures);
                if (failures == 1) {
                    LOG.warn("horizon provider {}: {}; retrying in {} ms", context.name(), reason, wait.toMillis());
                } else {
                    LOG.debug("horizon provider {}: {} ({} failures in a row)", context.name(), reason, failures);
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void publish(List<AuditEvent> events) throws InterruptedException {
        for (AuditEvent event : events) {
            CloudEvent cloudEvent = event.toCloudEvent(source, context.originalAttributes());
            Position next = position == null ? Position.first(event) : position.after(event);
            long ticket = acknowledged.append(next);
            Acknowledgement ack = context.publisher().publish(cloudEvent, source.toString());
            ack.done().thenRun(() -> acknowledged.acknowledge(ticket));
            position = next;
        }
    }

    /** The checkpoint store could not be read (as opposed to: there is no checkpoint). */
    private static final class CheckpointUnreadable extends IOException {
        CheckpointUnreadable(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** The exception's type and the first message along its causes (the JDK client often leaves the top one empty). */
    private static String problem(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return error.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }

    private Duration backoff(int failures) {
        Duration wait = tuning.backoffMin().multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(tuning.backoffMax()) > 0 ? tuning.backoffMax() : wait;
    }

    private void checkpointLoop() {
        while (!closed) {
            try {
                Thread.sleep(tuning.checkpointInterval());
            } catch (InterruptedException e) {
                return;
            }
            writeCheckpoint();
        }
    }

    /** Writes the acknowledged position if it moved; only ever positions whose events were all acknowledged. */
    private synchronized void writeCheckpoint() {
        Optional<Position> safe = acknowledged.safePosition();
        if (checkpoints == null || safe.isEmpty() || safe.get().equals(written)) {
            return;
        }
        try {
            checkpoints.write(CheckpointFile.name(host), CheckpointFile.write(safe.get(), host,
                    context.clock().instant()));
            written = safe.get();
        } catch (IOException e) {
            LOG.warn("horizon provider {}: cannot write checkpoint to {}: {}", context.name(), checkpoints.describe(),
                    e.toString());
        }
    }

    @Override
    public String describe() {
        return "horizon " + address();
    }

    /** The configured URL, as the original wrote it (user info, if any, hidden). */
    @Override
    public String statsAddress() {
        return config.address().toString();
    }

    private String address() {
        return Binder.redactUserInfo(config.source());
    }

    @Override
    public void close() {
        closed = true;
        stop(poller);
        stop(checkpointer);
        if (checkpoints != null) {
            writeCheckpoint();
        }
        if (client != null) {
            client.logout();
        }
    }

    private static void stop(Thread thread) {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
