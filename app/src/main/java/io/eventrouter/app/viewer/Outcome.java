package io.eventrouter.app.viewer;

import java.time.Instant;

/**
 * Where one event stands with one processor, as the viewer shows it.
 *
 * @param attempts      attempts made so far (0 while queued)
 * @param statusCode    the last HTTP status, 0 when none (network error, not tried yet)
 * @param detail        the destination's last answer or error, cut to {@link #MAX_DETAIL} characters
 * @param nextAttemptAt when a retrying or rate-limited event is tried, else {@code null}
 */
public record Outcome(State state, int attempts, int statusCode, String detail, Instant at, Instant nextAttemptAt) {

    static final int MAX_DETAIL = 512;

    public enum State {
        QUEUED, RATE_LIMITED, RETRYING, DELIVERED, DEAD_LETTERED, DROPPED, FILTERED_OUT;

        boolean isFinal() {
            return this != QUEUED && this != RATE_LIMITED && this != RETRYING;
        }

        /** The name in the viewer's JSON. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Outcome {
        detail = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
    }

    /**
     * This outcome completed from the one heard before it: dead-letter and drop notifications do not say how many
     * attempts were made, so they are counted from the retries heard (a rejection ends the first attempt).
     */
    Outcome following(Outcome current) {
        if (attempts != 0 || (state != State.DEAD_LETTERED && state != State.DROPPED)) {
            return this;
        }
        int made = current != null && current.state == State.RETRYING ? current.attempts + 1 : 1;
        return new Outcome(state, made, statusCode, detail, at, nextAttemptAt);
    }

    /**
     * Whether this outcome, heard later, should replace {@code current}. The router's notifications for one event
     * come from different threads (a fast delivery can be heard before its "queued"), so a final outcome is never
     * replaced and a retry never goes back to an earlier attempt.
     */
    boolean replaces(Outcome current) {
        if (current == null) {
            return true;
        }
        if (current.state.isFinal()) {
            return false;
        }
        if (state.isFinal()) {
            return true;
        }
        if (state == State.RETRYING) {
            return current.state == State.QUEUED || attempts >= current.attempts;
        }
        if (state == State.RATE_LIMITED) {
            return current.state != State.RETRYING; // a retry held by the limit still shows as the retry it is
        }
        return false;
    }
}
