package io.eventrouter.eventbridge;

import software.amazon.event.ruler.Machine;

import java.io.IOException;

/**
 * A rule's event pattern compiled with AWS's own matching library (the one EventBridge's patterns are specified by),
 * so that prefix, suffix, anything-but, exists, numeric, wildcard, equals-ignore-case, cidr and {@code $or} all work
 * as on the bus. Immutable once built, so matching from many threads is safe.
 */
final class RulePattern {

    private static final String RULE = "rule";

    private final String text;
    private final Machine machine;

    private RulePattern(String text, Machine machine) {
        this.text = text;
        this.machine = machine;
    }

    /** @throws IOException when the pattern is empty or the library cannot compile it */
    static RulePattern compile(String text) throws IOException {
        if (text == null || text.isBlank()) {
            throw new IOException("empty pattern");
        }
        Machine machine = Machine.builder().build();
        try {
            machine.addRule(RULE, text);
        } catch (RuntimeException e) {
            throw new IOException("cannot compile the event pattern: " + e.getMessage(), e);
        }
        return new RulePattern(text, machine);
    }

    /** Whether an event, as EventBridge would see it (see {@link Envelope}), matches. */
    boolean matches(String envelopeJson) throws Exception {
        return !machine.rulesForJSONEvent(envelopeJson).isEmpty();
    }

    String text() {
        return text;
    }
}
