package io.eventrouter.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.config.ConfigException;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/**
 * An EventBridge event pattern compiled with AWS's event-ruler (the library EventBridge's patterns are specified
 * by), so prefix, suffix, anything-but, numeric, exists, wildcard, equals-ignore-case, cidr and {@code $or} work as
 * on EventBridge. Used by the {@code pattern} filter and by the EventBridge processor for its rule. Immutable once
 * compiled, so matching from many threads is safe.
 */
public final class EventPattern {

    private static final String RULE = "pattern";
    /** Characters of one pattern. */
    public static final int MAX_LENGTH = 65_536;
    /**
     * event-ruler's measure of how many wildcard states one value can be in at once, which multiplies the work per
     * event; patterns above it are refused, as EventBridge refuses overly complex rules.
     */
    public static final int MAX_COMPLEXITY = 100;

    private final String text;
    private final Machine machine;

    private EventPattern(String text, Machine machine) {
        this.text = text;
        this.machine = machine;
    }

    /** @throws IllegalArgumentException with a one-line reason when the pattern is empty or does not compile */
    public static EventPattern compile(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty event pattern");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("event pattern of " + text.length() + " characters; at most "
                    + MAX_LENGTH + " are accepted");
        }
        Machine machine = Machine.builder().build();
        try {
            machine.addRule(RULE, text);
        } catch (Exception | StackOverflowError e) {
            throw new IllegalArgumentException("invalid event pattern: "
                    + ConfigException.firstLine(e.getMessage(), e.getClass().getSimpleName()));
        }
        int complexity = machine.evaluateComplexity(new MachineComplexityEvaluator(MAX_COMPLEXITY));
        if (complexity >= MAX_COMPLEXITY) {
            throw new IllegalArgumentException("event pattern too complex (its wildcards reach complexity "
                    + complexity + "; at most " + (MAX_COMPLEXITY - 1) + " are accepted): use fewer wildcards per value");
        }
        return new EventPattern(text, machine);
    }

    /** Whether an event given as JSON text matches; throws when the text is not JSON. */
    public boolean matches(String eventJson) throws Exception {
        return !machine.rulesForJSONEvent(eventJson).isEmpty();
    }

    public boolean matches(JsonNode event) {
        return !machine.rulesForJSONEvent(event).isEmpty();
    }

    public String text() {
        return text;
    }
}
