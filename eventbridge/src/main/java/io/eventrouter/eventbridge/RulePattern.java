package io.eventrouter.eventbridge;

import io.eventrouter.filter.EventPattern;

import java.io.IOException;

/** A rule's event pattern, compiled with AWS's own matching library (see {@link EventPattern}). */
final class RulePattern {

    private final EventPattern pattern;

    private RulePattern(EventPattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IOException when the pattern is empty or the library cannot compile it */
    static RulePattern compile(String text) throws IOException {
        try {
            return new RulePattern(EventPattern.compile(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot use the rule's event pattern: " + e.getMessage(), e);
        }
    }

    /** Whether an event, as EventBridge would see it (see {@link Envelope}), matches. */
    boolean matches(String envelopeJson) throws Exception {
        return pattern.matches(envelopeJson);
    }

    String text() {
        return pattern.text();
    }
}
