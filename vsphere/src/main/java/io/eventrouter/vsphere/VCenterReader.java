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
import io.eventrouter.vsphere.vim25.NotAuthenticatedException;
import io.eventrouter.vsphere.vim25.VimException;
import io.eventrouter.vsphere.vim25.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    /** Where reading starts: loaded from the checkpoint store by {@link #run()} before anything is read. */
    private ResumePoint resume;
    private final Backoff backoff;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private CloudEventConverter converter;

    VCenterReader(VCenterConfig config, ProviderContext context, SSLContext ssl,
                  CompletableFuture<EventDecoder> decoder, CheckpointKeeper checkpoints) {
        this.config = config;
        this.context = context;
        this.sdkUrl = config.sdkUrl();
        this.orderingKey = sdkUrl.toString(); // one strict lane per vCenter: its events stay in key order
        this.ssl = ssl;
        this.decoder = decoder;
        this.checkpoints = checkpoints;
        this.backoff = new Backoff(config.reconnectBackoffMin(), config.reconnectBackoffMax());
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
            tail = EventTail.open(session, begin);
            context.health().up();
            LOG.info("vCenter {}: reading events from {} as {} ({}, API {})", sdkUrl, begin, user,
                    session.content().fullName(), session.content().apiVersion());
            backoff.reset();
            follow(tail);
        } finally {
            session.close(tail == null ? null : tail.collector());
        }
    }

    /** Drains the collector, then waits for vCenter to signal new events; for as long as the session lives. */
    private void follow(EventTail tail) throws VimException, InterruptedException {
        int maxWait = (int) config.maxWait().toSeconds();
        try (PageReader pages = new PageReader(tail, config.pageSize(), decoder.join(), converter)) {
            while (!stopping) {
                List<DecodedEvent> page;
                while (!stopping && !(page = pages.next()).isEmpty()) {
                    for (DecodedEvent decoded : page) {
                        handle(decoded);
                    }
                }
                if (!stopping) {
                    tail.awaitNewEvents(maxWait);
                }
            }
        }
    }

    private void handle(DecodedEvent decoded) throws InterruptedException {
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
        Acknowledgement ack = context.publisher().publish(cloudEvent, orderingKey);
        resume.handedOn(position);
        checkpoints.track(position, ack);
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
