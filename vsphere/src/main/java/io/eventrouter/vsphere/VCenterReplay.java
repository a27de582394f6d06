package io.eventrouter.vsphere;

import io.eventrouter.spi.HistoryReplay;
import io.eventrouter.spi.ProviderContext;
import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.vim25.VimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Publishes one window of a vCenter's event history once, for a backfill after a function was fixed: the same
 * CloudEvents as the provider made from them (same source, ids and format), read through a collector limited to the
 * window. It keeps no checkpoint, so the router that follows this vCenter is not disturbed, and it does not retry a
 * failed connection: {@link #finished()} reports the failure and the caller decides.
 */
public final class VCenterReplay implements HistoryReplay.Replay {

    private static final Logger LOG = LoggerFactory.getLogger(VCenterReplay.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final VCenterConfig config;
    private final ReplayWindow window;
    private final URI sdkUrl;
    private final CompletableFuture<Result> finished = new CompletableFuture<>();
    private Thread thread;

    /**
     * What a finished replay read.
     *
     * @param read       events published (each one done: delivered, dead-lettered or dropped by every processor)
     * @param unreadable events that could not be converted (logged with their XML, not published)
     */
    public record Result(Instant begin, Instant end, long read, long unreadable) implements HistoryReplay.Result {
    }

    public VCenterReplay(VCenterConfig config, ReplayWindow window) {
        this.config = config;
        this.window = window;
        this.sdkUrl = config.sdkUrl();
    }

    @Override
    public synchronized void start(ProviderContext context) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        String host = config.host();
        thread = Thread.ofVirtual().name("vcenter-replay-" + host).start(() -> run(context));
    }

    /** Completes once every event of the window is done with, or exceptionally when reading failed or was stopped. */
    @Override
    public CompletableFuture<Result> finished() {
        return finished;
    }

    private void run(ProviderContext context) {
        try {
            finished.complete(replay(context));
        } catch (InterruptedException e) {
            finished.completeExceptionally(new CancellationException("the replay was stopped"));
        } catch (VimException | RuntimeException e) {
            context.health().down(e.getMessage());
            finished.completeExceptionally(e);
        }
    }

    private Result replay(ProviderContext context) throws VimException, InterruptedException {
        VCenterSession session = VCenterSession.open(sdkUrl, config.tls(context.tls()),
                config.auth().username(), config.auth().password().reveal(), config,
                context.meterRegistry());
        EventTail tail = null;
        Instant begin;
        Instant end;
        long unreadable = 0;
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try {
            Instant now = session.currentTime();
            begin = window.begin(now);
            end = window.end(now);
            if (begin.isAfter(end)) {
                throw new IllegalArgumentException("the window starts (" + begin + ") after it ends (" + end + ")");
            }
            CloudEventConverter converter = new CloudEventConverter(sdkUrl, session.content().apiVersion(),
                    config.format());
            tail = EventTail.window(session, begin, end);
            EventTypeFilter types = config.eventTypeFilter();
            context.health().up();
            LOG.info("vCenter {}: replaying the events from {} to {} (vCenter's time)", sdkUrl, begin, end);
            try (PageReader pages = new PageReader(tail, config.pageSize(), EventDecoder.bundled(), converter)) {
                List<DecodedEvent> page;
                while (!(page = pages.next()).isEmpty()) {
                    for (DecodedEvent decoded : page) {
                        if (decoded.failure() != null) {
                            VCenterReader.reportUnreadable(sdkUrl, context, decoded.element(), decoded.failure());
                            unreadable++;
                        } else if (!types.excludes(decoded.event())) {
                            acks.add(context.publisher().publish(decoded.cloudEvent(), sdkUrl.toString()).done()
                                    .toCompletableFuture());
                        }
                    }
                }
            }
        } finally {
            // the window is read: leave vCenter before waiting for slow receivers
            session.close(tail == null ? List.of() : tail.madeObjects());
        }
        awaitAll(acks);
        LOG.info("vCenter {}: replayed {} events from {} to {}", sdkUrl, acks.size(), begin, end);
        return new Result(begin, end, acks.size(), unreadable);
    }

    private static void awaitAll(List<CompletableFuture<Void>> acks) throws InterruptedException {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            // an acknowledgement does not fail while the router runs; it only does when the router stops
            throw new CancellationException("the router stopped before the replay was delivered");
        }
    }

    @Override
    public String describe() {
        return "replay of vCenter " + sdkUrl + " " + window + " (user " + config.auth().username()
                + ", format " + config.format().wireName() + ", no checkpoint)";
    }

    /** Stops reading (and waiting); events not yet delivered stay so. */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            if (!thread.join(STOP_TIMEOUT)) {
                LOG.warn("vCenter {}: the replay did not stop within {}", sdkUrl, STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
