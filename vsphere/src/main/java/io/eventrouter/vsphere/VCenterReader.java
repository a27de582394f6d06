package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.source.Mark;
import io.eventrouter.source.PositionedSource;
import io.eventrouter.source.SourceRecord;
import io.eventrouter.spi.ProviderContext;
import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.EventConversionException;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.events.VimEvent;
import io.eventrouter.vsphere.vim25.InvalidLoginException;
import io.eventrouter.vsphere.vim25.ManagedObjectNotFoundException;
import io.eventrouter.vsphere.vim25.ManagedObjectReference;
import io.eventrouter.vsphere.vim25.NotAuthenticatedException;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.VimException;
import io.eventrouter.vsphere.vim25.XmlElement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One vCenter as a source for the runner: a session is a login, an event collector from the resume point on and a
 * signal on its latestPage; a batch is a page of events (drained page by page while events wait), and waiting for
 * more blocks in WaitForUpdatesEx. It counts keys skipped between events read, notices key resets and watches
 * vCenter's clock for steps back; reconnects, checkpoints and stalls are the runner's.
 */
final class VCenterReader implements PositionedSource<Position> {

    private static final Logger LOG = LoggerFactory.getLogger(VCenterReader.class);
    /** How often a session that waits for events compares vCenter's clock with the router's. */
    static final Duration CLOCK_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final VCenterConfig config;
    private final ProviderContext context;
    private final URI sdkUrl;
    private final SSLContext ssl;
    private final CompletableFuture<EventDecoder> decoder;
    private final EventTypeFilter types;
    /** Where reading starts: set from the checkpoint by {@link #resumeFrom} before anything is read. */
    private ResumePoint resume;
    /** The last event read (handed on or not), for gaps and key resets; null before the first. */
    private EventTail.EventMark previous;
    /** The latest creation time read: a key reset brings lower keys with later times than any read before. */
    private Instant latestRead;
    private final VCenterClock vCenterClock = new VCenterClock();
    private final Counter skippedKeys;
    private final Counter keyResets;
    private final Counter clockSteps;

    VCenterReader(VCenterConfig config, ProviderContext context, SSLContext ssl,
                  CompletableFuture<EventDecoder> decoder) {
        this.config = config;
        this.context = context;
        this.sdkUrl = config.sdkUrl();
        this.ssl = ssl;
        this.decoder = decoder;
        this.types = config.eventTypeFilter();
        MeterRegistry meters = context.meterRegistry();
        String provider = context.name();
        this.skippedKeys = Counter.builder("eventrouter.vcenter.skipped.keys").tag("provider", provider)
                .description("Event keys skipped between consecutive events read (events hidden by permissions, "
                        + "or gone from vCenter's history before they were read)").register(meters);
        this.keyResets = Counter.builder("eventrouter.vcenter.key.resets").tag("provider", provider)
                .description("Times vCenter's event keys started again lower with later times (a restore from "
                        + "backup, a wrap)").register(meters);
        this.clockSteps = Counter.builder("eventrouter.vcenter.clock.steps").tag("provider", provider)
                .description("Times vCenter's clock was seen going back (its events may then be stamped earlier than "
                        + "events already read; new collectors begin that much earlier)").register(meters);
        Gauge.builder("eventrouter.vcenter.clock.offset.seconds", vCenterClock, VCenterClock::offsetSeconds)
                .tag("provider", provider).description("vCenter's clock minus the router's, at the last reading")
                .register(meters);
    }

    @Override
    public String describe() {
        return "vCenter " + sdkUrl;
    }

    /** One strict lane per vCenter: its events stay in key order. */
    @Override
    public String orderingKey() {
        return sdkUrl.toString();
    }

    @Override
    public String checkpointName() {
        return Checkpoint.fileName(config.host());
    }

    @Override
    public String encode(Position position, Instant now) {
        return Checkpoint.of(config.host(), position, now.atOffset(ZoneOffset.UTC)).toJson();
    }

    @Override
    public Optional<Position> decode(String document) throws IOException {
        return Checkpoint.parse(document).map(Checkpoint::position);
    }

    @Override
    public Mark markOf(Position position) {
        return new Mark(position.key(), position.createdTime().toInstant());
    }

    @Override
    public void resumeFrom(Optional<Position> checkpoint) {
        if (config.checkpoint()) {
            LOG.info("vCenter {}: {}", sdkUrl, checkpoint.isEmpty() ? "no checkpoint in " + config.checkpointDir()
                    + "; starting at vCenter's current time, after its newest event, which is checkpointed at once"
                    : "resuming after event " + checkpoint.get().key() + " of " + checkpoint.get().createdTime());
        }
        resume = new ResumePoint(checkpoint.orElse(null), config.checkpointMaxAge());
        checkpoint.ifPresent(position -> {
            previous = eventMark(position);
            latestRead = previous.createdTime();
        });
    }

    @Override
    public Session<Position> open() throws VimException, InterruptedException {
        String user = config.auth().username();
        VCenterSession session = VCenterSession.open(sdkUrl, ssl, user, config.auth().password().reveal(),
                config, context.meterRegistry());
        EventTail tail = null;
        try {
            CloudEventConverter converter = new CloudEventConverter(sdkUrl, session.content().apiVersion(),
                    config.format());
            Instant now = session.currentTime();
            vCenterClock.observe(now, context.clock().instant()).ifPresent(this::clockWentBack);
            if (resume.clockBehindCheckpoint(now)) {
                clockSteps.increment();
            }
            Instant begin = resume.beginTime(now);
            Optional<Position> start = previous == null ? newestBeforeStart(session, converter) : Optional.empty();
            start.ifPresent(position -> previous = eventMark(position));
            tail = EventTail.open(session, begin);
            LOG.info("vCenter {}: reading events from {} as {} ({}, API {})", sdkUrl, begin, user,
                    session.content().fullName(), session.content().apiVersion());
            return new Reading(session, tail, new PageReader(tail, config.pageSize(), decoder.join(), converter),
                    start);
        } catch (VimException | InterruptedException | RuntimeException e) {
            session.close(tail == null ? List.of() : tail.madeObjects());
            throw e;
        }
    }

    /** A session's collector, read page by page. */
    private final class Reading implements Session<Position> {
        private final VCenterSession session;
        private final EventTail tail;
        private final PageReader pages;
        private final Optional<Position> start;
        private Instant clockChecked = context.clock().instant();

        Reading(VCenterSession session, EventTail tail, PageReader pages, Optional<Position> start) {
            this.session = session;
            this.tail = tail;
            this.pages = pages;
            this.start = start;
        }

        @Override
        public List<SourceRecord<Position>> poll() throws VimException, InterruptedException {
            List<DecodedEvent> page = pages.next();
            List<SourceRecord<Position>> records = new ArrayList<>(page.size());
            for (DecodedEvent decoded : page) {
                records.add(decoded.failure() == null ? read(decoded)
                        : skipUnreadable(decoded.element(), decoded.failure()));
            }
            return records;
        }

        /** While nothing waits: until vCenter writes a new event, or {@code max} (whole seconds, at least one). */
        @Override
        public void await(Duration max) throws VimException, InterruptedException, ClockSteppedBackException {
            tail.awaitNewEvents((int) Math.max(1, (max.toMillis() + 999) / 1000));
            checkClock();
        }

        /**
         * Now and then, compares vCenter's clock with the router's: after a step back, events may be stamped before
         * this collector's begin time and it would never return them, so the session ends and the next collector
         * begins earlier.
         */
        private void checkClock() throws VimException, InterruptedException, ClockSteppedBackException {
            Instant routerNow = context.clock().instant();
            if (routerNow.isBefore(clockChecked.plus(CLOCK_CHECK_INTERVAL))) {
                return;
            }
            clockChecked = routerNow;
            Optional<Duration> step = vCenterClock.observe(session.currentTime(), context.clock().instant());
            if (step.isPresent()) {
                clockWentBack(step.get());
                throw new ClockSteppedBackException(step.get());
            }
        }

        @Override
        public Optional<Mark> newest() {
            return tail.newest().or(() -> start.map(VCenterReader::eventMark)).map(VCenterReader::mark);
        }

        @Override
        public Optional<Position> start() {
            return start;
        }

        @Override
        public void close() {
            pages.close();
            session.close(tail.madeObjects());
        }
    }

    /**
     * On a first start without a checkpoint, the newest event so far is where reading stands: keys after it are
     * expected, so a gap before the first event read counts too; and it is the checkpoint a successor resumes from.
     */
    private Optional<Position> newestBeforeStart(VCenterSession session, CloudEventConverter converter)
            throws InterruptedException {
        VimClient client = session.client();
        ServiceContent content = session.content();
        try {
            Optional<Position> latest = client.latestEvent(content).flatMap(event -> positionOf(event, converter));
            if (latest.isEmpty()) { // not every vCenter (nor vcsim) fills it: a collector's latestPage tells too
                ManagedObjectReference probe = client.createCollectorForEvents(content.eventManager(),
                        content.rootFolder(), null);
                try {
                    latest = client.latestPage(content, probe).stream().map(event -> positionOf(event, converter))
                            .flatMap(Optional::stream).max(Comparator.comparingInt(Position::key));
                } finally {
                    client.destroyCollector(probe);
                }
            }
            return latest;
        } catch (VimException e) {
            LOG.debug("vCenter {}: cannot tell its newest event ({})", sdkUrl, e.getMessage());
            return Optional.empty();
        }
    }

    /** The position of an event not read through the collector, with the id its CloudEvent would have. */
    private static Optional<Position> positionOf(XmlElement event, CloudEventConverter converter) {
        return EventTail.markOf(event).map(mark -> {
            OffsetDateTime created = mark.createdTime().atOffset(ZoneOffset.UTC);
            return new Position(mark.key(), created, converter.routerId(mark.key(), created),
                    String.valueOf(event.xsiType()));
        });
    }

    private SourceRecord<Position> read(DecodedEvent decoded) {
        VimEvent event = decoded.event();
        EventTail.EventMark mark = new EventTail.EventMark(event.key(), event.createdTime().toInstant());
        noteRead(mark);
        if (resume.alreadyHandedOn(event)) {
            return SourceRecord.seenBefore(mark(mark));
        }
        CloudEvent cloudEvent = decoded.cloudEvent();
        Position position = new Position(event.key(), event.createdTime(), cloudEvent.getId(), event.name());
        if (types.excludes(event)) { // excludeEventTypes: read, not delivered, and passed by the checkpoint
            resume.handedOn(position);
            return SourceRecord.passOver(position, mark(mark));
        }
        resume.handedOn(position);
        return SourceRecord.publish(cloudEvent, position, mark(mark));
    }

    private void clockWentBack(Duration step) {
        clockSteps.increment();
        LOG.warn("vCenter {}: its clock went back by {} s; events it stamps from now on may be older than events "
                + "already read, so collectors begin that much earlier (events read again are dropped by key)",
                sdkUrl, step.toSeconds());
        resume.clockWentBack(step);
    }

    /** Counts keys skipped since the last event read and notices key resets. */
    private void noteRead(EventTail.EventMark mark) {
        EventTail.EventMark last = previous;
        Instant latest = latestRead;
        previous = mark;
        latestRead = latest == null || mark.createdTime().isAfter(latest) ? mark.createdTime() : latest;
        // with eventTypes vCenter leaves the other types out: keys between those read were not missed
        if (last != null && mark.key() > last.key() + 1 && !types.filtersOnServer()) {
            long skipped = (long) mark.key() - last.key() - 1;
            skippedKeys.increment(skipped);
            if (skipped > config.pageSize()) {
                LOG.warn("vCenter {}: {} event keys between {} and {} were never read (hidden by permissions, or "
                        + "gone from vCenter's event history before they could be read)", sdkUrl, skipped,
                        last.key(), mark.key());
            }
        } else if (last != null && mark.key() < last.key() && mark.createdTime().isAfter(latest)) {
            // later than anything read, not only than the last event: after a clock step back, events read again
            // have lower keys and later times than the stepped ones before them, and that is no reset
            keyResets.increment();
            LOG.warn("vCenter {}: event keys started again (event {} of {} follows event {} of {}): vCenter was "
                            + "restored or its keys wrapped; reading on", sdkUrl, mark.key(), mark.createdTime(),
                    last.key(), last.createdTime());
        }
    }

    /** Logs the raw event, counts it, and lets the checkpoint pass it: an unreadable event must not stop the stream. */
    private SourceRecord<Position> skipUnreadable(XmlElement element, EventConversionException e) {
        reportUnreadable(sdkUrl, context, element, e);
        String key = element.childText("key");
        String created = element.childText("createdTime");
        try {
            if (key != null && created != null) {
                Position position = new Position(Integer.parseInt(key.strip()),
                        GoTime.parse(created), "", String.valueOf(element.xsiType()));
                EventTail.EventMark mark = eventMark(position);
                noteRead(mark);
                resume.handedOn(position);
                return SourceRecord.passOver(position, mark(mark));
            }
        } catch (RuntimeException ignored) {
            // no usable position: the next readable event's position covers this one
        }
        return SourceRecord.seenBefore(null);
    }

    /** Logs an event that cannot be converted with its raw XML, and counts it as the provider's error. */
    static void reportUnreadable(URI sdkUrl, ProviderContext context, XmlElement element, EventConversionException e) {
        LOG.error("vCenter {}: skipping an event that cannot be converted ({}); raw XML: {}", sdkUrl, e.getMessage(),
                element.toXml());
        context.publisher().recordError();
    }

    /** An expired session or a lost collector is part of a long-running reader's life: it reconnects at once. */
    @Override
    public boolean routine(Exception failure) {
        return failure instanceof NotAuthenticatedException || failure instanceof ManagedObjectNotFoundException
                || failure instanceof ClockSteppedBackException;
    }

    @Override
    public String reasonFor(Exception e) {
        return switch (e) {
            case InvalidLoginException login -> "login as " + config.auth().username() + " rejected ("
                    + login.getMessage() + "; check auth.basicAuth)";
            case NotAuthenticatedException expired -> "the session expired (" + expired.getMessage() + ")";
            case ManagedObjectNotFoundException gone -> "the event collector is gone (" + gone.getMessage() + ")";
            case ClockSteppedBackException step -> step.getMessage();
            case VimException vim -> vim.getMessage();
            default -> e.toString();
        };
    }

    @Override
    public String likelyStallCause() {
        return "user " + config.auth().username() + " lacks read permission on part of the inventory "
                + "(vCenter hides the events of objects the user cannot see, and a collector whose next events are "
                + "all hidden reads nothing); give it the Read-only role on the root of the inventory, propagated";
    }

    @Override
    public Optional<CloudEvent> stallAlert(Stall stall) {
        return config.stallAlert() ? Optional.of(StallAlert.of(sdkUrl, stall.read(), stall.newest(), stall.since(),
                config.auth().username())) : Optional.empty();
    }

    private static EventTail.EventMark eventMark(Position position) {
        return new EventTail.EventMark(position.key(), position.createdTime().toInstant());
    }

    private static Mark mark(EventTail.EventMark mark) {
        return new Mark(mark.key(), mark.createdTime());
    }
}
