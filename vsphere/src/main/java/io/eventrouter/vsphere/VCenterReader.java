package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.ProviderContext;
import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.EventConversionException;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.events.VimEvent;
import io.eventrouter.vsphere.vim25.InvalidLoginException;
import io.eventrouter.vsphere.vim25.ManagedObjectNotFoundException;
import io.eventrouter.vsphere.vim25.ManagedObjectReference;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.NotAuthenticatedException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reading loop of one vCenter: connect, create the collector, drain it page by page while events wait, block in
 * WaitForUpdatesEx while none do, and on any failure report the provider down, pause (capped exponential backoff) and
 * start over from the last event handed on. It ends only when the provider closes.
 */
final class VCenterReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(VCenterReader.class);

    private final VCenterConfig config;
    private final ProviderContext context;
    private final URI sdkUrl;
    private final String orderingKey;
    private final SSLContext ssl;
    private final CompletableFuture<EventDecoder> decoder;
    private final CheckpointKeeper checkpoints;
    private final EventTypeFilter types;
    /** Where reading starts: loaded from the checkpoint store by {@link #run()} before anything is read. */
    private ResumePoint resume;
    private final Backoff backoff;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private CloudEventConverter converter;
    private final StallWatch stall;
    private final Counter stalls;
    private final Counter skippedKeys;
    private final Counter keyResets;

    VCenterReader(VCenterConfig config, ProviderContext context, SSLContext ssl,
                  CompletableFuture<EventDecoder> decoder, CheckpointKeeper checkpoints) {
        this.config = config;
        this.context = context;
        this.sdkUrl = config.sdkUrl();
        this.orderingKey = sdkUrl.toString(); // one strict lane per vCenter: its events stay in key order
        this.ssl = ssl;
        this.decoder = decoder;
        this.checkpoints = checkpoints;
        this.types = config.eventTypeFilter();
        this.backoff = new Backoff(config.reconnectBackoffMin(), config.reconnectBackoffMax());
        this.stall = new StallWatch(config.stallTimeout(), context.clock());
        MeterRegistry meters = context.meterRegistry();
        String provider = context.name();
        this.stalls = Counter.builder("eventrouter.vcenter.stalls").tag("provider", provider)
                .description("Times reading stalled: vCenter showed newer events while reads returned none for "
                        + "stallTimeout").register(meters);
        this.skippedKeys = Counter.builder("eventrouter.vcenter.skipped.keys").tag("provider", provider)
                .description("Event keys skipped between consecutive events read (events hidden by permissions, "
                        + "or gone from vCenter's history before they were read)").register(meters);
        this.keyResets = Counter.builder("eventrouter.vcenter.key.resets").tag("provider", provider)
                .description("Times vCenter's event keys started again lower with later times (a restore from "
                        + "backup, a wrap)").register(meters);
        Gauge.builder("eventrouter.vcenter.lag.events", stall, StallWatch::lagEvents).tag("provider", provider)
                .description("Events vCenter shows beyond the last one read").register(meters);
        Gauge.builder("eventrouter.vcenter.lag.seconds", stall, StallWatch::lagSeconds).tag("provider", provider)
                .description("Creation time between the last event read and vCenter's newest").register(meters);
        if (checkpoints.isEnabled()) {
            // the provider's share of memory while a burst drains: publishing blocks on full queues, so this stays
            // within the processors' maxQueuedEvents
            Gauge.builder("eventrouter.vcenter.unacknowledged.events", checkpoints, CheckpointKeeper::outstanding)
                    .tag("provider", provider).description("Events handed to the router that not every processor "
                            + "has finished yet (tracked with checkpoints on)").register(meters);
        }
    }

    /** Makes {@link #run()} return soon; the caller interrupts the thread to end a blocking call. */
    void stop() {
        stopping = true;
        stopped.countDown();
    }

    @Override
    public void run() {
        if (!loadResumePoint()) {
            return;
        }
        while (!stopping) {
            try {
                readSession();
            } catch (CollectorStalledException e) {
                // handled where it was found: read again at once through a new collector
            } catch (InterruptedException e) {
                if (!stopping) {
                    LOG.info("vCenter {}: the router is stopping; no more events are read", sdkUrl);
                }
                return;
            } catch (VimException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                if (!pauseAfter(e)) {
                    return;
                }
            }
        }
    }

    /**
     * Reads the checkpoint, retrying with the reconnect back-off while the store cannot be read (a file system or
     * API server error): starting without it would skip what happened since. Returns false when stopped meanwhile.
     */
    private boolean loadResumePoint() {
        while (!stopping) {
            try {
                Position checkpoint = checkpoints.load().map(Checkpoint::position).orElse(null);
                if (checkpoints.isEnabled()) {
                    LOG.info("vCenter {}: {}", sdkUrl, checkpoint == null ? "no checkpoint in "
                            + config.checkpointDir() + "; starting at vCenter's current time"
                            : "resuming after event " + checkpoint.key() + " of " + checkpoint.createdTime());
                }
                resume = new ResumePoint(checkpoint, config.checkpointMaxAge());
                if (checkpoint != null) {
                    stall.startingAt(new EventTail.EventMark(checkpoint.key(), checkpoint.createdTime().toInstant()));
                }
                backoff.reset();
                return true;
            } catch (IOException e) {
                Duration pause = backoff.next();
                String reason = "cannot read checkpoint " + checkpoints.describeStore() + ": " + e.getMessage();
                context.health().down(reason);
                LOG.error("vCenter {}: {}; no event is read before it is, retrying in {} (attempt {})", sdkUrl,
                        reason, pretty(pause), backoff.failures());
                try {
                    if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (InterruptedException interrupted) {
                    return false;
                }
            }
        }
        return false;
    }

    private void readSession() throws VimException, InterruptedException {
        String user = config.auth().basicAuth().username();
        VCenterSession session = VCenterSession.open(sdkUrl, ssl, user, config.auth().basicAuth().password().reveal(),
                config, context.meterRegistry());
        EventTail tail = null;
        try {
            converter = new CloudEventConverter(sdkUrl, session.content().apiVersion(), config.format());
            Instant begin = resume.beginTime(session.currentTime());
            if (stall.readPosition() == null) {
                markStart(session);
            }
            tail = EventTail.open(session, begin);
            if (!stall.inStall()) { // a stall ends with the first event read, not with a new collector
                context.health().up();
            }
            LOG.info("vCenter {}: reading events from {} as {} ({}, API {})", sdkUrl, begin, user,
                    session.content().fullName(), session.content().apiVersion());
            backoff.reset();
            follow(tail);
        } finally {
            session.close(tail == null ? null : tail.collector());
        }
    }

    /**
     * On a first start without a checkpoint, the newest event so far is where reading stands: keys after it are
     * expected, so a gap before the first event read counts too.
     */
    private void markStart(VCenterSession session) throws InterruptedException {
        VimClient client = session.client();
        ServiceContent content = session.content();
        try {
            Optional<EventTail.EventMark> latest = client.latestEvent(content).flatMap(EventTail::markOf);
            if (latest.isEmpty()) { // not every vCenter (nor vcsim) fills it: a collector's latestPage tells too
                ManagedObjectReference probe = client.createCollectorForEvents(content.eventManager(),
                        content.rootFolder(), null);
                try {
                    latest = client.latestPage(content, probe).stream().map(EventTail::markOf)
                            .flatMap(Optional::stream).max(Comparator.comparingInt(EventTail.EventMark::key));
                } finally {
                    client.destroyCollector(probe);
                }
            }
            latest.ifPresent(stall::startingAt);
        } catch (VimException e) {
            LOG.debug("vCenter {}: cannot tell its newest event ({})", sdkUrl, e.getMessage());
        }
    }

    /** Drains the collector, then waits for vCenter to signal new events; for as long as the session lives. */
    private void follow(EventTail tail) throws VimException, InterruptedException {
        tail.newest().ifPresent(stall::newest);
        try (PageReader pages = new PageReader(tail, config.pageSize(), decoder.join(), converter)) {
            while (!stopping) {
                List<DecodedEvent> page;
                while (!stopping && !(page = pages.next()).isEmpty()) {
                    for (DecodedEvent decoded : page) {
                        handle(decoded);
                    }
                }
                stall.emptyRead();
                if (stall.stalled()) {
                    throw stalled();
                }
                if (!stopping) {
                    // while behind, wake up in time to check for a stall even if vCenter signals nothing
                    Duration wait = stall.nextCheckWithin(config.maxWait());
                    tail.awaitNewEvents((int) Math.max(1, (wait.toMillis() + 999) / 1000));
                    tail.newest().ifPresent(stall::newest);
                }
            }
        }
    }

    /**
     * Reports a stall (log, metric, /readyz) and ends the session, so that the next one reads through a new collector
     * from the last event handed on. A stall that outlasts a new collector is logged as an error and, if configured,
     * published as an alert event.
     */
    private CollectorStalledException stalled() throws InterruptedException {
        int detections = stall.detected();
        stalls.increment();
        EventTail.EventMark read = stall.readPosition();
        EventTail.EventMark newest = stall.newest();
        String reason = "reading stalled: vCenter shows event " + newest.key() + " of " + newest.createdTime()
                + ", " + (long) stall.lagEvents() + " keys and " + (long) stall.lagSeconds() + " s after the last "
                + "event read (" + read.key() + "), but reads have returned nothing for " + pretty(config.stallTimeout());
        context.health().down(reason);
        if (detections == 1) {
            LOG.warn("vCenter {}: {}. Likely cause: user {} lacks read permission on part of the inventory (vCenter "
                            + "hides the events of objects the user cannot see, and a collector whose next events are "
                            + "all hidden reads nothing); give it the Read-only role on the root of the inventory, "
                            + "propagated. Recreating the event collector from the last event handed on", sdkUrl,
                    reason, config.auth().basicAuth().username());
        } else {
            LOG.error("vCenter {}: still stalled after {} new collector(s) since {}: {}; trying again", sdkUrl,
                    detections - 1, stall.stalledSince(), reason);
            if (detections == 2 && config.stallAlert()) {
                context.publisher().publish(StallAlert.of(sdkUrl, read, newest, stall.stalledSince(),
                        config.auth().basicAuth().username()), orderingKey);
            }
        }
        return new CollectorStalledException(reason);
    }

    private void handle(DecodedEvent decoded) throws InterruptedException {
        if (decoded.failure() == null) {
            noteRead(new EventTail.EventMark(decoded.event().key(), decoded.event().createdTime().toInstant()));
        }
        if (decoded.failure() != null) {
            skipUnreadable(decoded.element(), decoded.failure());
            return;
        }
        VimEvent event = decoded.event();
        if (resume.alreadyHandedOn(event)) {
            return;
        }
        CloudEvent cloudEvent = decoded.cloudEvent();
        Position position = new Position(event.key(), event.createdTime(), cloudEvent.getId(), event.name());
        if (types.excludes(event)) { // excludeEventTypes: read, not delivered, and passed by the checkpoint
            resume.handedOn(position);
            checkpoints.passOver(position);
            return;
        }
        Acknowledgement ack = context.publisher().publish(cloudEvent, orderingKey);
        resume.handedOn(position);
        checkpoints.track(position, ack);
    }

    /** Moves the read position: counts keys skipped since the last event read, notices key resets, ends a stall. */
    private void noteRead(EventTail.EventMark mark) {
        EventTail.EventMark previous = stall.readPosition();
        // with eventTypes vCenter leaves the other types out: keys between those read were not missed
        if (previous != null && mark.key() > previous.key() + 1 && !types.filtersOnServer()) {
            long skipped = (long) mark.key() - previous.key() - 1;
            skippedKeys.increment(skipped);
            if (skipped > config.pageSize()) {
                LOG.warn("vCenter {}: {} event keys between {} and {} were never read (hidden by permissions, or "
                        + "gone from vCenter's event history before they could be read)", sdkUrl, skipped,
                        previous.key(), mark.key());
            }
        } else if (previous != null && mark.key() < previous.key()
                && mark.createdTime().isAfter(previous.createdTime())) {
            keyResets.increment();
            LOG.warn("vCenter {}: event keys started again (event {} of {} follows event {} of {}): vCenter was "
                            + "restored or its keys wrapped; reading on", sdkUrl, mark.key(), mark.createdTime(),
                    previous.key(), previous.createdTime());
        }
        Instant stalledSince = stall.stalledSince();
        if (stall.read(mark)) {
            LOG.info("vCenter {}: reading again after a stall since {}", sdkUrl, stalledSince);
            context.health().up();
        }
    }

    /** Logs the raw event, counts it, and lets the checkpoint pass it: an unreadable event must not stop the stream. */
    private void skipUnreadable(XmlElement element, EventConversionException e) {
        reportUnreadable(sdkUrl, context, element, e);
        String key = element.childText("key");
        String created = element.childText("createdTime");
        try {
            if (key != null && created != null) {
                Position position = new Position(Integer.parseInt(key.strip()),
                        GoTime.parse(created), "", String.valueOf(element.xsiType()));
                noteRead(new EventTail.EventMark(position.key(), position.createdTime().toInstant()));
                resume.handedOn(position);
                checkpoints.passOver(position);
            }
        } catch (RuntimeException ignored) {
            // no usable position: the next readable event's position covers this one
        }
    }

    /** Logs an event that cannot be converted with its raw XML, and counts it as the provider's error. */
    static void reportUnreadable(URI sdkUrl, ProviderContext context, XmlElement element, EventConversionException e) {
        LOG.error("vCenter {}: skipping an event that cannot be converted ({}); raw XML: {}", sdkUrl, e.getMessage(),
                element.toXml());
        context.publisher().recordError();
    }

    /**
     * Reports the failure, logs it once per attempt, and waits before the next attempt. An expired session or a lost
     * collector after a healthy stretch is retried at once. Returns false when stopped while waiting.
     */
    private boolean pauseAfter(Exception e) {
        boolean routine = (e instanceof NotAuthenticatedException || e instanceof ManagedObjectNotFoundException)
                && backoff.fresh();
        Duration pause = routine ? Duration.ZERO : backoff.next();
        String reason = describe(e);
        context.health().down(reason);
        if (routine) {
            LOG.info("vCenter {}: {}; connecting again", sdkUrl, reason);
        } else if (e instanceof InvalidLoginException) {
            LOG.error("vCenter {}: {} (check auth.basicAuth); retrying in {} (attempt {})", sdkUrl, reason,
                    pretty(pause), backoff.failures());
        } else if (e instanceof RuntimeException) {
            LOG.error("vCenter {}: unexpected failure; reconnecting in {}", sdkUrl, pretty(pause), e);
        } else {
            LOG.warn("vCenter {}: {}; retrying in {} (attempt {})", sdkUrl, reason, pretty(pause), backoff.failures());
        }
        if (routine) {
            backoff.next(); // a second failure in a row is not routine any more
            return true;
        }
        try {
            return !stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            return false;
        }
    }

    private String describe(Exception e) {
        return switch (e) {
            case InvalidLoginException login -> "login as " + config.auth().basicAuth().username() + " rejected ("
                    + login.getMessage() + ")";
            case NotAuthenticatedException expired -> "the session expired (" + expired.getMessage() + ")";
            case ManagedObjectNotFoundException gone -> "the event collector is gone (" + gone.getMessage() + ")";
            case VimException vim -> vim.getMessage();
            default -> e.toString();
        };
    }

    private static String pretty(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
    }
}
