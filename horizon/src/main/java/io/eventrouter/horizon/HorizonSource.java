package io.eventrouter.horizon;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.Binder;
import io.eventrouter.source.Mark;
import io.eventrouter.source.PositionedSource;
import io.eventrouter.source.SourceRecord;
import io.eventrouter.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Horizon's audit events as a source for the runner: a session is a login (and ends with a logout), a batch is the
 * events after the position (the last 10 at a first start, like the original), waiting is the poll interval, and the
 * newest event Horizon shows (probed now and then) tells a stalled reader from one that has caught up.
 */
final class HorizonSource implements PositionedSource<Position> {

    private static final Logger LOG = LoggerFactory.getLogger(HorizonSource.class);
    /** The original's first read: the last (up to) 10 events. */
    static final int INITIAL_EVENTS = 10;
    /** The original's upper bound of the time filter: a day ahead, against clock skew between router and Horizon. */
    private static final Duration FUTURE_BUFFER = Duration.ofHours(24);

    private final HorizonConfig config;
    private final ProviderContext context;
    private final HorizonClient client;
    private final AuditEventReader reader;
    private final Duration probeInterval;
    private final URI source;
    private final String host;
    /** The last event handed on; null until one was (reading then starts with the last events). */
    private Position position;
    private Mark newest;
    private Instant probed;

    HorizonSource(HorizonConfig config, ProviderContext context, HorizonClient client, AuditEventReader reader,
                  Duration probeInterval) {
        this.config = config;
        this.context = context;
        this.client = client;
        this.reader = reader;
        this.probeInterval = probeInterval;
        this.source = URI.create(config.source());
        this.host = config.address().uri().getHost();
    }

    @Override
    public String describe() {
        return "horizon provider " + context.name() + " (" + address() + ")";
    }

    /** One lane per Horizon: its events stay in time order. */
    @Override
    public String orderingKey() {
        return source.toString();
    }

    @Override
    public String checkpointName() {
        return CheckpointFile.name(host);
    }

    @Override
    public String encode(Position position, Instant now) {
        return CheckpointFile.write(position, host, now);
    }

    /** A document that is not a checkpoint is no position: the original's start (the last 10 events) follows. */
    @Override
    public Optional<Position> decode(String document) {
        Optional<Position> saved = CheckpointFile.read(document);
        if (saved.isEmpty()) {
            LOG.warn("{}: checkpoint {} is not readable; starting with the last {} events", describe(),
                    checkpointName(), INITIAL_EVENTS);
        }
        return saved;
    }

    @Override
    public Mark markOf(Position position) {
        return new Mark(position.lastId(), Instant.ofEpochMilli(position.time()));
    }

    @Override
    public void resumeFrom(Optional<Position> checkpoint) {
        if (checkpoint.isEmpty()) {
            if (config.checkpoint()) {
                LOG.info("{}: no checkpoint to resume from; starting with the last {} events", describe(),
                        INITIAL_EVENTS);
            }
            return;
        }
        long oldest = context.clock().millis() - config.checkpointMaxAge().toMillis();
        if (checkpoint.get().time() < oldest) {
            LOG.warn("{}: checkpoint is older than checkpointMaxAge {}; resuming from then", describe(),
                    config.checkpointMaxAge());
            position = new Position(oldest, Set.of(), 0, "");
            return;
        }
        LOG.info("{}: resuming after event {} of {}", describe(), checkpoint.get().lastId(),
                Instant.ofEpochMilli(checkpoint.get().time()));
        position = checkpoint.get();
    }

    /** Logs in anew: a session that failed (or expired beyond what a token refresh mends) starts over. */
    @Override
    public Session<Position> open() throws IOException, InterruptedException {
        client.login();
        probed = null;
        return new Session<>() {
            @Override
            public List<SourceRecord<Position>> poll() throws IOException, InterruptedException {
                List<AuditEvent> events = position == null ? reader.latest(INITIAL_EVENTS)
                        : reader.since(position, context.clock().millis() + FUTURE_BUFFER.toMillis());
                List<SourceRecord<Position>> records = new ArrayList<>(events.size());
                for (AuditEvent event : events) {
                    CloudEvent cloudEvent = event.toCloudEvent(source, context.originalAttributes());
                    position = position == null ? Position.first(event) : position.after(event);
                    records.add(SourceRecord.publish(cloudEvent, position,
                            new Mark(event.id(), Instant.ofEpochMilli(event.time()))));
                }
                return records;
            }

            @Override
            public void await(Duration max) throws InterruptedException {
                Thread.sleep(max);
            }

            @Override
            public Optional<Mark> newest() throws IOException, InterruptedException {
                probeNewest();
                return Optional.ofNullable(newest);
            }

            @Override
            public void close() {
                // a stop interrupts the reading thread: keep that from cutting the logout short
                boolean interrupted = Thread.interrupted();
                try {
                    client.logout();
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    /** Asks for the newest event at most once per probe interval. */
    private void probeNewest() throws IOException, InterruptedException {
        Instant now = context.clock().instant();
        if (probed != null && now.isBefore(probed.plus(probeInterval))) {
            return;
        }
        probed = now;
        reader.latest(1).stream().findFirst().ifPresent(event -> newest = new Mark(event.id(),
                Instant.ofEpochMilli(event.time())));
    }

    /** Horizon answered 401 even after renewing the token: the session is gone, log in again at once. */
    @Override
    public boolean routine(Exception failure) {
        return failure instanceof HorizonException horizon && horizon.isSessionRejected();
    }

    @Override
    public String reasonFor(Exception failure) {
        return failure instanceof HorizonException ? failure.getMessage()
                : "cannot reach Horizon at " + address() + ": " + problem(failure);
    }

    @Override
    public String likelyStallCause() {
        return "the Horizon user " + config.auth().username() + " does not see the newer "
                + "audit events through the time filter (its permissions, or the event database)";
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

    private String address() {
        return Binder.redactUserInfo(config.source());
    }
}
