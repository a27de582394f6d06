package io.eventrouter.health;

import io.eventrouter.config.Binder;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.routing.TrackedEvent;
import io.eventrouter.spi.DeliveryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether each processor's destination takes events: it fails from the first attempt that fails for a reason that
 * may pass (a 5xx, a timeout, a refused connection, 429) and recovers with the next delivery. The first failure and
 * the recovery are logged (warn, info), and while it fails a reminder at most once per {@link #REMINDER}, so that an
 * outage is seen in the log without a line per retry. An event the destination rejects for good (a 4xx going to the
 * dead-letter sink) says nothing about the destination and is logged where it is dead-lettered.
 */
public final class ProcessorHealth implements RouterObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorHealth.class);
    static final Duration REMINDER = Duration.ofMinutes(1);
    private static final int MAX_REASON = 200;

    /**
     * @param delivering     false from a failed attempt until the next delivery
     * @param since          when it last changed (or was registered)
     * @param reason         the last failure while failing, else empty
     * @param failedAttempts failed attempts since it started failing
     */
    public record State(boolean delivering, Instant since, String reason, long failedAttempts) {
    }

    private static final class Tracker {
        State state;
        Instant lastLogged;

        Tracker(Instant now) {
            state = new State(true, now, "", 0);
        }
    }

    private final Clock clock;
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();

    public ProcessorHealth(Clock clock) {
        this.clock = clock;
    }

    /** Starts tracking {@code processor}, as delivering. */
    public synchronized void register(String processor) {
        trackers.putIfAbsent(processor, new Tracker(clock.instant()));
    }

    /** The state of every registered processor, in registration order. */
    public synchronized Map<String, State> states() {
        Map<String, State> states = new LinkedHashMap<>();
        trackers.forEach((name, tracker) -> states.put(name, tracker.state));
        return states;
    }

    /** Whether every processor delivers. */
    public synchronized boolean allDelivering() {
        return trackers.values().stream().allMatch(tracker -> tracker.state.delivering());
    }

    @Override
    public void retrying(String processor, TrackedEvent event, DeliveryResult result, int attempt, Duration wait) {
        failed(processor, result);
    }

    @Override
    public void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
        failed(processor, lastResult);
    }

    @Override
    public void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
        failed(processor, lastResult);
    }

    @Override
    public synchronized void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
        Tracker tracker = trackers.get(processor);
        if (tracker == null || tracker.state.delivering()) {
            return;
        }
        Instant now = clock.instant();
        State failing = tracker.state;
        tracker.state = new State(true, now, "", 0);
        LOG.info("processor {} delivers again, after failing for {} ({} failed attempts)", processor,
                rounded(Duration.between(failing.since(), now)), failing.failedAttempts());
    }

    private synchronized void failed(String processor, DeliveryResult result) {
        Tracker tracker = trackers.get(processor);
        if (tracker == null || result == null || result.status() == DeliveryResult.Status.REJECTED) {
            return;
        }
        Instant now = clock.instant();
        String reason = reason(result);
        State before = tracker.state;
        if (before.delivering()) {
            tracker.state = new State(false, now, reason, 1);
            tracker.lastLogged = now;
            LOG.warn("processor {} cannot deliver: {}; retrying (logged again when it delivers, or every {} while it "
                    + "cannot)", processor, reason, rounded(REMINDER));
            return;
        }
        tracker.state = new State(false, before.since(), reason, before.failedAttempts() + 1);
        if (!now.isBefore(tracker.lastLogged.plus(REMINDER))) {
            tracker.lastLogged = now;
            LOG.warn("processor {} still cannot deliver, for {} ({} failed attempts): {}", processor,
                    rounded(Duration.between(before.since(), now)), tracker.state.failedAttempts(), reason);
        }
    }

    /** The status and the start of the detail, on one line, without user info of a URL in it (/readyz shows it). */
    static String reason(DeliveryResult result) {
        String detail = result.detail() == null ? ""
                : Binder.redactUserInfo(result.detail().strip().replaceAll("\\s+", " "));
        if (detail.length() > MAX_REASON) {
            detail = detail.substring(0, MAX_REASON) + "…";
        }
        String status = result.statusCode() == 0 ? "" : "HTTP " + result.statusCode();
        return status.isEmpty() ? (detail.isEmpty() ? "failed" : detail)
                : detail.isEmpty() ? status : status + ": " + detail;
    }

    private static String rounded(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds()).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
